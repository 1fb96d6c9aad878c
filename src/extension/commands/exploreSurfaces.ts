// exploreSurfacesCommand: Explore Loss Surfaces.
import type { HostCommand } from './services';

/** Explore Loss Surfaces: contour plots, optimizer trajectories and the Hessian inspector. */
export const exploreSurfacesCommand: HostCommand = {
  id: 'optimizerLab.exploreSurfaces',
  restricted: null,
  run(s) {
    s.panels.showSurfaces();
  },
};
