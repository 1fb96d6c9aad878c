import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { optimizerConfigSchema } from '../../../src/protocol/optimizers';
import { scheduleConfigSchema, type ScheduleConfig } from '../../../src/protocol/schedules';
import type { ParamGroup } from '../../../src/engine/optim/optimizer';
import { createScheduler } from '../../../src/engine/schedules/index';
import type { LrScheduler } from '../../../src/engine/schedules/scheduler';
import { readMomentum } from '../../../src/engine/schedules/groupFields';

/** A scheduler as torch's recorders write it: class name and keyword arguments. */
export interface TorchScheduler {
  name: string;
  kwargs: Record<string, unknown>;
}

/** A param group with torch's defaults, from an optimizer's class name and constructor keywords. */
export function paramGroup(name: string, kwargs: Record<string, unknown>): ParamGroup {
  return optimizerConfigSchema.parse({ name, ...kwargs });
}

/** The validated config for a recorded scheduler (SequentialLR's children nested the same way). */
export function scheduleConfig(s: TorchScheduler): ScheduleConfig {
  const kwargs = { ...s.kwargs };
  if (s.name === 'SequentialLR') {
    kwargs.schedulers = (kwargs.schedulers as TorchScheduler[]).map((c) => ({ name: c.name, ...c.kwargs }));
  }
  return scheduleConfigSchema.parse({ name: s.name, ...kwargs });
}

export function readJson<T>(url: URL): T {
  return JSON.parse(readFileSync(url, 'utf8')) as T;
}

/** The momentum (SGD, RMSprop) or beta1 (Adam family) the group holds now. */
export function momentumOf(group: ParamGroup): number | null {
  return readMomentum(group);
}

/** `actual` equals `expected` within `rel` relative error (exactly, when expected is 0). */
export function assertClose(actual: number, expected: number, rel: number, what: string): void {
  const ok = actual === expected || Math.abs(actual - expected) <= rel * Math.abs(expected);
  assert.ok(
    ok,
    `${what}: got ${actual}, torch ${expected} (rel ${Math.abs(actual - expected) / Math.abs(expected)})`,
  );
}

/** One sequence recorded by test/fixtures/schedules/record.py with torch 1.13. */
export interface TorchSequence {
  case: string;
  optimizer: { name: string; kwargs: Record<string, unknown> };
  scheduler: TorchScheduler;
  steps: number;
  /** ReduceLROnPlateau's inputs; null stands for NaN. */
  metrics?: (number | null)[];
  lr?: number[];
  momentum?: number[];
  last_lr?: number;
  /** torch raised after `after_steps` scheduler steps (-1: in the constructor). */
  error?: { after_steps: number; type: string; message: string };
}

export const sequences = readJson<{ cases: TorchSequence[] }>(
  new URL('../../fixtures/schedules/sequences.json', import.meta.url),
).cases;

export function build(c: TorchSequence): { group: ParamGroup; sched: LrScheduler } {
  const group = paramGroup(c.optimizer.name, c.optimizer.kwargs);
  const sched = createScheduler(scheduleConfig(c.scheduler), group, { stepsPerEpoch: 1, epochs: c.steps });
  return { group, sched };
}

export function stepOnce(c: TorchSequence, sched: LrScheduler, k: number): void {
  if (c.metrics) sched.step(c.metrics[k] ?? NaN);
  else sched.step();
}

/** Compares the group with torch's values before step k. */
export function checkAt(c: TorchSequence, group: ParamGroup, k: number, rel: number): void {
  assertClose(group.lr, c.lr![k]!, rel, `${c.case}: lr before step ${k}`);
  if (c.momentum)
    assertClose(momentumOf(group)!, c.momentum[k]!, rel, `${c.case}: momentum before step ${k}`);
}
