// A chart's SVG document as a webview sent it, checked before the host writes it: an SVG opened in
// a browser runs its scripts, so nothing that could run or load anything is accepted.

/** Markup an SVG chart of the lab never contains, and which could run code or fetch something. */
const FORBIDDEN =
  /<script|<foreignObject|<iframe|<image|<use\b|\son[a-z]+\s*=|href\s*=|javascript:|<!ENTITY|<!DOCTYPE|@import|url\(/i;

/**
 * The SVG as bytes to write, or null when it is not a plain SVG document: an XML declaration (or
 * none) then one `<svg xmlns="http://www.w3.org/2000/svg" …>` element closed at the end, and none
 * of the markup that runs scripts or loads resources (FORBIDDEN).
 */
export function svgBytes(svg: string): Uint8Array | null {
  const body = svg.trim().replace(/^<\?xml[^>]*\?>\s*/, '');
  if (!/^<svg\s[^>]*xmlns="http:\/\/www\.w3\.org\/2000\/svg"/.test(body)) return null;
  if (!body.endsWith('</svg>')) return null;
  // Only the markup itself is checked: text and attribute values (a run's label) are escaped data.
  const markup = body.replace(/>[^<]*</g, '><').replace(/"[^"]*"/g, '""');
  if (FORBIDDEN.test(markup)) return null;
  // References in attribute values may only point inside the document (clip-path="url(#plot)").
  if (/url\(\s*(?!#)/i.test(body)) return null;
  return new TextEncoder().encode(svg);
}
