// Host <-> worker messages of the run pool.
import { z } from 'zod';

/**
 * Host ⇄ worker messages of the run pool. The spec and result bodies are validated by the code
 * that builds and reads them (runs/runSpec.ts); this contract checks the envelopes, so a
 * malformed message is logged and dropped instead of being trusted.
 */
export const WORKER_PROTOCOL_VERSION = 1;

const sharedBuffer = z.custom<SharedArrayBuffer>((v) => v instanceof SharedArrayBuffer, {
  message: 'expected a SharedArrayBuffer',
});

export const toWorkerSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('run'),
    version: z.literal(WORKER_PROTOCOL_VERSION),
    runId: z.string(),
    spec: z.unknown(),
    /** Shared, read-only data set buffers (none for surfaces). */
    data: z.record(z.string(), sharedBuffer).nullable(),
    /**
     * Int32Array[2] over this buffer: [0] set to 1 cancels the run; [1] is the rung gate, which
     * the worker waits on after a rung epoch (`spec.rungs`) until the host stores 1 (go on) or
     * cancels (pruned).
     */
    cancel: sharedBuffer,
  }),
]);
export type ToWorker = z.infer<typeof toWorkerSchema>;

export const fromWorkerSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('progress'), runId: z.string(), progress: z.unknown() }),
  z.object({ type: z.literal('result'), runId: z.string(), result: z.unknown() }),
  z.object({ type: z.literal('failed'), runId: z.string(), message: z.string() }),
]);
export type FromWorker = z.infer<typeof fromWorkerSchema>;
