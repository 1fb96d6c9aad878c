// A fast run must not flood the host: the host's view of a run's progress stays close behind the
// run, so a signal (Ctrl-C, SIGTERM) or a Cancel button lands while the run is still in progress.
// Proved by step and message counts, not by timing.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { runExperiment } from '../../../src/engine/runs/runExperiment';
import { WORKER, experiment, tempDir } from './runSpecs';

test(
  'a two-million-step surface run: a signal sent at half of its steps lands within a few messages, and the run stops there',
  { timeout: 300_000 },
  async (t) => {
    const dir = tempDir(t);
    const N = 2_000_000;
    const controller = new AbortController();
    let seen = 0;
    let messages = 0;
    let signalled = false;
    // Progress messages the host read between sending the signal and handling it, then after.
    let beforeHandler = 0;
    let afterAbort = 0;
    process.once('SIGUSR2', () => controller.abort());
    const out = await runExperiment({
      experiment: experiment(
        {
          name: 'fast',
          surface: { name: 'rosenbrock' },
          training: { steps: N },
          optimizers: [{ name: 'SGD', lr: 0.0001 }],
        },
        dir,
      ),
      experimentFile: join(dir, 'fast.optlab.json'),
      recordsRoot: join(dir, 'records'),
      workerPath: WORKER,
      poolSize: 1,
      signal: controller.signal,
      events: {
        onProgress: (_runId, p) => {
          messages++;
          if (controller.signal.aborted) afterAbort++;
          else if (signalled) beforeHandler++;
          else {
            seen += p.steps.length;
            // The host has seen half of the run's steps: it signals itself, as Ctrl-C would.
            if (seen >= N / 2) {
              signalled = true;
              process.kill(process.pid, 'SIGUSR2');
            }
          }
        },
      },
    });
    const run = out.record.runs[0]!;
    t.diagnostic(
      `host saw ${seen} steps at the signal; the run ended after ${run.steps}; ${messages} messages, ${beforeHandler} before the handler, ${afterAbort} after the stop`,
    );
    assert.ok(
      signalled && controller.signal.aborted,
      'the host saw half of the steps and handled the signal',
    );
    assert.equal(run.status, 'cancelled', `the run ended ${run.status} after ${run.steps} steps`);
    assert.ok(run.steps >= N / 2 && run.steps < N, `steps ${run.steps}`);
    // The signal is handled between two messages, and what the host still had to read after the
    // stop is what was in flight. A host that falls behind (each point cost it more than it cost
    // the worker) read 77 stale messages before the handler, while the run went on to its end. At
    // most 20 a second are sent, so 20 is a second of scheduling delay on a loaded machine (7 were
    // seen at a load average of 25), far from a backlog.
    assert.ok(beforeHandler <= 20, `${beforeHandler} messages arrived between the signal and its handler`);
    assert.ok(afterAbort <= 20, `${afterAbort} messages arrived after the stop`);
    // The curves are the run's own, complete up to where it stopped.
    assert.equal(out.curves.get(run.id)!.stepLoss.length, run.steps);
  },
);
