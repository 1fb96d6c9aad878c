// decodeUtf8: Decodes a text data file as UTF-8, dropping a leading byte order mark.
import { DataError } from '../errors';

const decoder = new TextDecoder('utf-8', { fatal: true });

/**
 * Decodes a text data file as UTF-8, dropping a leading byte order mark. Anything that is not
 * UTF-8 is an error at the line and column of the first bad byte, so the user can find it; a
 * UTF-16 file (common from Excel's "Unicode text") is named as such.
 */
export function decodeUtf8(bytes: Uint8Array, file: string): string {
  try {
    return decoder.decode(bytes);
  } catch {
    if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
      throw new DataError('the file is UTF-16 text; save it as UTF-8', { file, line: 1, column: 1 });
    }
    const bad = firstInvalidByte(bytes);
    let lineStart = 0;
    let line = 1;
    for (let i = 0; i < bad; i++) {
      const b = bytes[i]!;
      if (b === 0x0a || (b === 0x0d && bytes[i + 1] !== 0x0a)) {
        line++;
        lineStart = i + 1;
      }
    }
    // The bytes before the bad one on its line are valid, so they decode to the column's text.
    const column = decoder.decode(bytes.subarray(lineStart, bad)).length + 1;
    const hex = bytes[bad]!.toString(16).toUpperCase().padStart(2, '0');
    throw new DataError(`not UTF-8 text: invalid byte 0x${hex}; save the file as UTF-8`, {
      file,
      line,
      column,
    });
  }
}

/**
 * Index of the first byte that breaks UTF-8 (the WHATWG decoder's rules: no overlong forms, no
 * surrogates, nothing above U+10FFFF). For a sequence cut short, the index of its lead byte.
 */
export function firstInvalidByte(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i]!;
    if (b < 0x80) {
      i++;
      continue;
    }
    let need: number;
    let lower = 0x80;
    let upper = 0xbf;
    if (b >= 0xc2 && b <= 0xdf) need = 1;
    else if (b >= 0xe0 && b <= 0xef) {
      need = 2;
      if (b === 0xe0) lower = 0xa0;
      if (b === 0xed) upper = 0x9f;
    } else if (b >= 0xf0 && b <= 0xf4) {
      need = 3;
      if (b === 0xf0) lower = 0x90;
      if (b === 0xf4) upper = 0x8f;
    } else return i;
    for (let k = 1; k <= need; k++) {
      const c = bytes[i + k];
      if (c === undefined || c < (k === 1 ? lower : 0x80) || c > (k === 1 ? upper : 0xbf)) return i;
    }
    i += need + 1;
  }
  return bytes.length;
}
