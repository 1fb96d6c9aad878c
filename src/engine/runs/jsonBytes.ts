// jsonBytes: JSON.stringify's text, encoded as UTF-8 straight into bytes without one large string.
// A run's curves file is ~200 kB of digits; as one string it lands in V8's large-object space (old
// generation), and a worker making one per run ran a full mark-compact every ~200 ms (--trace-gc:
// 51 per 64-run experiment against 7) instead of dropping the text in a scavenge.

/** Arrays longer than this are stringified a slice at a time (a slice's text stays ~20 kB). */
const SLICE = 1024;

class ByteWriter {
  private buf: Uint8Array<ArrayBuffer> = new Uint8Array(1 << 16);
  private n = 0;
  private readonly encoder = new TextEncoder();

  text(s: string): void {
    // UTF-8 needs at most 3 bytes per UTF-16 unit.
    if (this.n + s.length * 3 > this.buf.length) {
      const bigger = new Uint8Array(Math.max(this.buf.length * 2, this.n + s.length * 3));
      bigger.set(this.buf.subarray(0, this.n));
      this.buf = bigger;
    }
    this.n += this.encoder.encodeInto(s, this.buf.subarray(this.n)).written;
  }

  /** Starts over (a write that threw may have left bytes behind). */
  reset(): void {
    this.n = 0;
  }

  /** The bytes written, in a buffer of their own (transferable). */
  take(): Uint8Array<ArrayBuffer> {
    return this.buf.slice(0, this.n);
  }
}

// One writer per thread: its buffer grows to the largest file once and is reused.
const writer = new ByteWriter();

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return (
    v !== null && typeof v === 'object' && !Array.isArray(v) && !ArrayBuffer.isView(v) && !('toJSON' in v)
  );
}

function write(v: unknown, w: ByteWriter): void {
  if (Array.isArray(v) && v.length > SLICE) {
    w.text('[');
    for (let i = 0; i < v.length; i += SLICE) {
      const part = JSON.stringify(v.slice(i, i + SLICE));
      w.text(i === 0 ? part.slice(1, -1) : `,${part.slice(1, -1)}`);
    }
    w.text(']');
  } else if (isPlainObject(v)) {
    w.text('{');
    let first = true;
    for (const k of Object.keys(v)) {
      const x = v[k];
      // What JSON.stringify leaves out of an object.
      if (x === undefined || typeof x === 'function' || typeof x === 'symbol') continue;
      w.text(`${first ? '' : ','}${JSON.stringify(k)}:`);
      write(x, w);
      first = false;
    }
    w.text('}');
  } else w.text(JSON.stringify(v));
}

/**
 * The UTF-8 bytes of `JSON.stringify(value)` for plain data (objects, arrays, numbers, strings,
 * booleans, null), written slice by slice: no string larger than a ~1,000-element slice's text is
 * ever made.
 */
export function jsonBytes(value: unknown): Uint8Array<ArrayBuffer> {
  writer.reset();
  write(value, writer);
  return writer.take();
}
