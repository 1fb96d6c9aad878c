// The packed result a pool worker sends: the curves file it encodes is byte for byte the one the
// host wrote from the validated result before, and the host reads back the same result, for every
// kind of run; a malformed packed result is refused.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { executeRun } from '../../../src/engine/runs/executeRun';
import { curvesFileOf, packRunResult, readRunResult } from '../../../src/engine/runs/resultWire';
import { runResultSchema, type RunSpec } from '../../../src/protocol/runs';
import type { SharedData } from '../../../src/engine/runs/executeRun';
import { prepareData, surfaceSpec, tempDir, writeRegressionCsv } from './runSpecs';

const noCancel = () => new Int32Array(new SharedArrayBuffer(8));

/** What the host did before: validate the whole result with zod, then stringify its curves file. */
function hostText(spec: RunSpec, raw: unknown): string {
  return JSON.stringify(curvesFileOf(spec, runResultSchema.parse(raw)));
}

function assertSameOnBothSides(spec: RunSpec, data: SharedData | null, what: string): void {
  const r = executeRun(spec, data, noCancel(), () => {});
  // Through a real structured clone, as between a worker and the host.
  const received = structuredClone(packRunResult(spec, r));
  const read = readRunResult(received);
  assert.ok(read.ok, `${what}: ${read.ok ? '' : read.error}`);
  assert.equal(new TextDecoder().decode(read.encoded!), hostText(spec, r), `${what}: the curves file's text`);
  const expected = runResultSchema.parse(r);
  assert.deepEqual(
    { ...read.result, layout: undefined },
    { ...expected, layout: undefined },
    `${what}: the result`,
  );
  assert.equal(
    JSON.stringify(curvesFileOf(spec, read.result)),
    hostText(spec, r),
    `${what}: the host's copy`,
  );
}

test('a worker encodes the curves file as the host did, and the host reads the same result back', async (t) => {
  const dir = tempDir(t);
  writeRegressionCsv(dir, 60);
  const { layout, specs } = await prepareData(
    {
      data: { path: 'data.csv', target: 'y', split: { validation: 0.25, test: 0.2, seed: 1 } },
      model: { type: 'mlp', hidden: [5] },
      training: {
        epochs: 4,
        batch_size: 8,
        seeds: [0],
        early_stopping: { patience: 1, min_delta: 10 },
      },
      optimizers: [
        { name: 'Adam', lr: 0.01 },
        { name: 'SGD', lr: 1e6 },
      ],
    },
    dir,
  );
  const statuses = specs.map((s) => {
    assertSameOnBothSides(s, layout.data, s.label);
    return executeRun(s, layout.data, noCancel(), () => {}).status;
  });
  assert.ok(
    statuses.includes('diverged'),
    `a diverged run (non-finite final parameters) is covered: ${statuses}`,
  );
  const parallel = await prepareData(
    {
      data: { path: 'data.csv', target: 'y', split: { validation: 0.25, seed: 1 } },
      training: { epochs: 2, batch_size: 8, seeds: [0], data_parallel: { workers: 2 } },
      optimizers: [{ name: 'SGD', lr: 0.05, momentum: 0.9 }],
    },
    dir,
  );
  assertSameOnBothSides(parallel.specs[0]!, parallel.layout.data, 'data-parallel (traffic curves)');
  assertSameOnBothSides(surfaceSpec(50), null, 'surface (trajectory)');
  assertSameOnBothSides(surfaceSpec(50, { name: 'SGD', lr: 1e3 }), null, 'surface, diverged');
});

test('a packed result whose parameters are not what they claim is refused at the host', () => {
  const spec = surfaceSpec(5);
  const r = executeRun(spec, null, noCancel(), () => {});
  // A copy each time: the packed result shares its curves with the run's result.
  const packed = () => structuredClone(packRunResult(spec, r));
  const cases: [string, (p: Record<string, unknown>) => void][] = [
    ['params as a plain array', (p) => (p['initialParams'] = [1, 2])],
    ['lengths differ', (p) => (p['finalParams'] = new Float64Array(3))],
    ['a non-finite initial value', (p) => (p['initialParams'] = Float64Array.of(NaN, 1))],
    ['no file bytes', (p) => (p['curvesJson'] = new Uint8Array(0))],
    ['a bad curve', (p) => ((p['curves'] as { stepLr: unknown[] }).stepLr[0] = 'x')],
  ];
  for (const [what, spoil] of cases) {
    const p = packed() as unknown as Record<string, unknown>;
    spoil(p);
    assert.equal(readRunResult(p).ok, false, what);
  }
  assert.equal(readRunResult(packed()).ok, true);
});
