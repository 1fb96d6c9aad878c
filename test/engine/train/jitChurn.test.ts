// V8 compiles the training path about once per worker: a guard on counts from V8's own trace
// (how many times each function is optimized), not on time.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

/** Optimizations and deoptimizations per function (name and shared-function address) in a trace. */
function tally(trace: string, pattern: RegExp): Map<string, number> {
  const counts = new Map<string, number>();
  for (const m of trace.matchAll(pattern)) counts.set(m[1]!, (counts.get(m[1]!) ?? 0) + 1);
  return counts;
}

function worst(counts: Map<string, number>): [string, number] {
  return [...counts].reduce<[string, number]>((a, b) => (b[1] > a[1] ? b : a), ['(none)', 0]);
}

test('16 runs of 8 optimizer settings in one worker: no function is optimized more than 4 times or deoptimized more than 5', () => {
  const child = join(__dirname, 'fixtures', 'runSequence.ts');
  const r = spawnSync(process.execPath, ['--import', 'tsx', child], {
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /runs done: 16/);
  // Before the steps left trainLoop (src/engine/train/stepLoop.ts), V8 compiled trainLoop 11 times
  // in these 16 runs (its on-stack code deoptimized at every epoch end and optimizer change); the
  // copy loop of DenseModel.forward deoptimized on most calls in longer sequences. Now the most
  // compiled function is compiled twice.
  const compiled = tally(r.stdout, /completed compiling \S+ <JSFunction (\S+ \(sfi = \w+\))>/g);
  const deoptimized = tally(r.stdout, /deoptimizing \S+ <JSFunction (\S+ \(sfi = \w+\))>/g);
  assert.ok(compiled.size > 10, 'the trace lists the optimized functions');
  const [mostCompiled, compiles] = worst(compiled);
  assert.ok(compiles <= 4, `${mostCompiled} was optimized ${compiles} times`);
  const [mostDeoptimized, deopts] = worst(deoptimized);
  assert.ok(deopts <= 5, `${mostDeoptimized} was deoptimized ${deopts} times`);
});
