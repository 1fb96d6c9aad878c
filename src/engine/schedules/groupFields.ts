// momentumKind: Which momentum a scheduler may cycle (also readMomentum, writeMomentum, GroupSnapshot,
// snapshotGroup, …).
import type { ParamGroup } from '../optim/optimizer';
import { readNumber } from './schedulerState';

/**
 * Which momentum a scheduler may cycle: torch's OneCycleLR writes `betas[0]` when the optimizer has
 * `betas` among its defaults, otherwise `momentum` when it has that; Adagrad and Adadelta have neither.
 */
export function momentumKind(group: ParamGroup): 'beta1' | 'momentum' | null {
  if ('betas' in group) return 'beta1';
  if ('momentum' in group) return 'momentum';
  return null;
}

/** The group's momentum or beta1, or null when the optimizer has neither. */
export function readMomentum(group: ParamGroup): number | null {
  if ('betas' in group) return group.betas[0];
  if ('momentum' in group) return group.momentum;
  return null;
}

/**
 * Sets the group's momentum or beta1. `betas` is replaced rather than mutated, as torch assigns a new
 * tuple: the array may be shared with the configuration the group was built from.
 */
export function writeMomentum(group: ParamGroup, value: number): void {
  if ('betas' in group) group.betas = [value, group.betas[1]];
  else if ('momentum' in group) group.momentum = value;
}

/**
 * What schedulers write into the param group. The optimizer's own state does not carry the group, so
 * a restored scheduler puts these back to continue exactly where the saved run was.
 */
export interface GroupSnapshot {
  lr: number;
  initial_lr: number | null;
  momentum: number | null;
}

/** Copies the scheduled fields of `group`. */
export function snapshotGroup(group: ParamGroup): GroupSnapshot {
  return { lr: group.lr, initial_lr: group.initial_lr ?? null, momentum: readMomentum(group) };
}

/** Writes a snapshot taken by `snapshotGroup` back into `group`. */
export function restoreGroup(group: ParamGroup, snapshot: Record<string, unknown>): void {
  group.lr = readNumber(snapshot, 'lr');
  if (snapshot.initial_lr !== null) group.initial_lr = readNumber(snapshot, 'initial_lr');
  if (snapshot.momentum !== null) writeMomentum(group, readNumber(snapshot, 'momentum'));
}
