// openLabCommand: Open Lab.
import type { HostCommand } from './services';

/** Open Lab: the running experiment if any, else the newest record. */
export const openLabCommand: HostCommand = {
  id: 'optimizerLab.openLab',
  restricted: null,
  run(s) {
    s.panels.showLab();
  },
};
