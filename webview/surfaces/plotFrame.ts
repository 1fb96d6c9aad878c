// The mapping between a surface's world coordinates and the canvas's pixels (y up in the world).
import type { SurfaceInfo } from '../../src/protocol/surfaceExplorer';

export interface PlotFrame {
  w: number;
  h: number;
  toPx(p: [number, number]): [number, number];
  toWorld(px: number, py: number): [number, number];
}

/** The frame of a canvas of `w`×`h` pixels showing `bounds`. */
export function plotFrame(bounds: SurfaceInfo['bounds'], w: number, h: number): PlotFrame {
  const [[x0, x1], [y0, y1]] = bounds;
  return {
    w,
    h,
    toPx: ([x, y]) => [((x - x0) / (x1 - x0)) * w, h - ((y - y0) / (y1 - y0)) * h],
    toWorld: (px, py) => [x0 + (px / w) * (x1 - x0), y0 + ((h - py) / h) * (y1 - y0)],
  };
}

/** The world point under a mouse event at (clientX, clientY) over a canvas shown at `rect`. */
export function pointerWorld(
  f: PlotFrame,
  rect: { left: number; top: number; width: number; height: number },
  clientX: number,
  clientY: number,
): [number, number] {
  return f.toWorld(((clientX - rect.left) / rect.width) * f.w, ((clientY - rect.top) / rect.height) * f.h);
}
