import { test } from 'node:test';
import { readdirSync } from 'node:fs';
import assert from 'node:assert/strict';
import { createScheduler } from '../../../src/engine/schedules/index';
import { assertClose, momentumOf, paramGroup, readJson, scheduleConfig, type TorchScheduler } from './replay';

interface GoldenCase {
  optimizer: { name: string; constructor_kwargs: Record<string, unknown> };
  scheduler: TorchScheduler | null;
  steps: number;
  lr_per_step?: number[];
  momentum_per_step?: number[];
}

const dir = new URL('../../fixtures/golden/cases/', import.meta.url);
const cases = readdirSync(dir)
  .filter((f) => f.endsWith('.json'))
  .map((f) => ({ file: f, c: readJson<GoldenCase>(new URL(f, dir)) }))
  .filter(({ c }) => c.scheduler !== null);

test('the golden cases include scheduled runs', () => {
  assert.ok(cases.length >= 10, `only ${cases.length} scheduled golden cases`);
});

// The scheduler alone, stepped once per iteration as in the golden loop; the lr (and OneCycleLR's
// momentum) the optimizer would use at each step must be torch's to the last bit or within 1e-15.
for (const { file, c } of cases) {
  test(`golden ${file}`, () => {
    const group = paramGroup(c.optimizer.name, c.optimizer.constructor_kwargs);
    const sched = createScheduler(scheduleConfig(c.scheduler!), group, { stepsPerEpoch: 1, epochs: c.steps });
    const lrs = c.lr_per_step!;
    assert.equal(lrs.length, c.steps);
    for (let k = 0; k < c.steps; k++) {
      assertClose(group.lr, lrs[k]!, 1e-15, `lr at step ${k}`);
      if (c.momentum_per_step)
        assertClose(momentumOf(group)!, c.momentum_per_step[k]!, 1e-15, `momentum at step ${k}`);
      sched.step();
    }
  });
}
