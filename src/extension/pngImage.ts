// The bytes of a chart image a webview sent as a data URL, checked to be a PNG before they are written.

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/**
 * Decodes `data:image/png;base64,…` (the message schema has checked its form) and returns the bytes
 * only if they start with the PNG signature and an IHDR chunk: a webview is not trusted to choose
 * what the host writes to disk.
 */
export function pngBytes(dataUrl: string): Uint8Array | null {
  const comma = dataUrl.indexOf(',');
  if (!dataUrl.startsWith('data:image/png;base64,') || comma < 0) return null;
  const bytes = new Uint8Array(Buffer.from(dataUrl.slice(comma + 1), 'base64'));
  if (bytes.length < 33) return null;
  if (!PNG_SIGNATURE.every((b, i) => bytes[i] === b)) return null;
  if (String.fromCharCode(...bytes.slice(12, 16)) !== 'IHDR') return null;
  return bytes;
}
