// The worker thread of the run pool: receives run specs and shared data, trains, posts progress and the
// result.
import { parentPort } from 'node:worker_threads';
import { toWorkerSchema, type FromWorker } from '../../protocol/worker';
import { runSpecSchema } from '../../protocol/runs';
import { isUserError } from '../errors';
import { executeRun, type SharedData } from './executeRun';
import { packRunResult } from './resultWire';

// The run pool's worker thread (bundled to dist/worker.js): one run at a time, messages validated
// on arrival. A user mistake or a bug in one run is reported as that run's failure; the thread
// stays up for the next run.
const port = parentPort;
if (!port) throw new Error('worker.ts must run in a worker thread');

function post(m: FromWorker): void {
  port!.postMessage(m);
}

/** Validation issues on one line, `field.path: message; …`, instead of zod's JSON dump. */
function issuesText(issues: readonly { path: readonly PropertyKey[]; message: string }[]): string {
  return issues.map((i) => `${i.path.map(String).join('.') || '(root)'}: ${i.message}`).join('; ');
}

port.on('message', (raw: unknown) => {
  const msg = toWorkerSchema.safeParse(raw);
  if (!msg.success) {
    const runId = (raw as { runId?: unknown })?.runId;
    post({
      type: 'failed',
      runId: typeof runId === 'string' ? runId : '?',
      message: `invalid message: ${issuesText(msg.error.issues)}`,
    });
    return;
  }
  const { runId, spec: rawSpec, data, cancel } = msg.data;
  const spec = runSpecSchema.safeParse(rawSpec);
  if (!spec.success) {
    post({ type: 'failed', runId, message: `invalid run spec: ${issuesText(spec.error.issues)}` });
    return;
  }
  try {
    const shared = data ? ({ X: data['X'], y: data['y'] } as SharedData) : null;
    const result = executeRun(spec.data, shared, new Int32Array(cancel), (progress) =>
      post({ type: 'progress', runId, progress }),
    );
    // Packed: parameters and the encoded curves file as typed arrays (runs/resultWire.ts).
    post({ type: 'result', runId, result: packRunResult(spec.data, result) });
  } catch (e) {
    const message = isUserError(e) ? e.message : `${(e as Error)?.message ?? String(e)}`;
    post({ type: 'failed', runId, message });
  }
});
