// Saving a chart: as a PNG drawn on the theme's background (a transparent PNG of light text is
// unreadable in a light viewer), or as an SVG built from its data and scales (chartSvg).

/** The two ways a chart is saved. */
export type ImageFormat = 'png' | 'svg';

/** The canvas as a PNG data URL on `background`. Null when the browser gives no 2-D context. */
export function pngDataUrl(canvas: HTMLCanvasElement, background: string): string | null {
  const out = document.createElement('canvas');
  out.width = canvas.width;
  out.height = canvas.height;
  const ctx = out.getContext('2d');
  if (!ctx) return null;
  ctx.fillStyle = background;
  ctx.fillRect(0, 0, out.width, out.height);
  ctx.drawImage(canvas, 0, 0);
  return out.toDataURL('image/png');
}

/** A file name the message schemas accept: `<record id or compare>-<chart>.<ext>`, folders and odd characters removed. */
export function imageName(
  recordIds: readonly string[],
  chart: string,
  ext: 'png' | 'svg' | 'csv',
  suffix = '',
): string {
  const base = (recordIds.length === 1 ? recordIds[0]! : 'compare').replace(/[^A-Za-z0-9._-]+/g, '-');
  return `${base.slice(0, 80)}-${chart}${suffix}.${ext}`;
}

/** A short line in a configuration's colour and dash pattern, for the legend (an SVG: no inline style needed). */
export function lineSwatch(color: string, dash: readonly number[]): SVGSVGElement {
  const ns = 'http://www.w3.org/2000/svg';
  const svg = document.createElementNS(ns, 'svg');
  svg.setAttribute('class', 'swatch-line');
  svg.setAttribute('width', '28');
  svg.setAttribute('height', '8');
  svg.setAttribute('aria-hidden', 'true');
  const line = document.createElementNS(ns, 'line');
  line.setAttribute('x1', '0');
  line.setAttribute('y1', '4');
  line.setAttribute('x2', '28');
  line.setAttribute('y2', '4');
  line.setAttribute('stroke', color);
  line.setAttribute('stroke-width', '2.5');
  if (dash.length) line.setAttribute('stroke-dasharray', dash.join(' '));
  svg.append(line);
  return svg;
}
