// checkReference: Replays a reference case (golden README format) with the engine's training loop and
// compares losses, final parameters and, where recorded, the 2-D trajectory and per-epoch losses.
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { ConfigError } from '../errors';
import { trainLoop } from '../train/trainLoop';
import { referenceCaseSchema, type ReferenceCase } from './caseFormat';
import { compareSeries, flatten, type TrajectoryError } from './compare';
import { setupReplay } from './replaySetup';
import type { NamedParams } from '../models/namedParams';
import { appendAll, maxOf } from '../extremes';

/** One compared trajectory with the bound it was held to. */
export interface TrajectoryCheck extends TrajectoryError {
  /** `rel`: bound on the relative error; `abs`: on the absolute error. */
  kind: 'rel' | 'abs';
  tolerance: number;
  pass: boolean;
}

/** The outcome of replaying one reference case. */
export interface ReferenceReport {
  case: string;
  steps: number;
  max_abs_err: number;
  max_rel_err: number;
  pass: boolean;
  /** The engine's losses in the case's layout (`batch_losses` for mini-batch cases). */
  losses: (number | null)[];
  loss_key: 'losses' | 'batch_losses';
  final_params: NamedParams;
  trajectories: Record<string, TrajectoryCheck>;
  /** Known, documented reasons why this case may differ. */
  notes: string[];
}

export interface CheckOptions {
  /** Overrides the case's tolerance: a relative bound on every trajectory. */
  tol?: number;
}

/** Default bound when a case has no tolerance and none is given: 1e-9 relative. */
export const DEFAULT_REL_TOL = 1e-9;

const nadamNote =
  "torch 1.13's NAdam counts mu twice in mu_product (mu_product·mu·mu_next); torch 2.0 fixed it " +
  '(pytorch PR #92699). The engine implements the fixed torch 2.x update, so a case recorded with ' +
  'torch < 2.0 starts from the same loss and differs from the first update on (see ' +
  'docs/torch-compatibility.md for the size of the difference).';

function finite(v: number): number | null {
  return Number.isFinite(v) ? v : null;
}

/** Parses a case file's text; a case that does not fit the format is a ConfigError naming the field. */
export function parseReferenceCase(text: string, file: string): ReferenceCase {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new ConfigError(`${file}: not valid JSON: ${(e as Error).message}`);
  }
  const parsed = referenceCaseSchema.safeParse(json);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`);
    throw new ConfigError(`${file}: not a reference case: ${issues.join('; ')}`);
  }
  return parsed.data;
}

/**
 * Replays a reference case (golden README format) with the engine's training loop and compares
 * losses, final parameters and, where recorded, the 2-D trajectory and per-epoch losses.
 */
export async function checkReference(casePath: string, o: CheckOptions = {}): Promise<ReferenceReport> {
  let text: string;
  try {
    text = await readFile(casePath, 'utf8');
  } catch (e) {
    // A missing or unreadable case file is the user's to fix, not an internal error.
    const code = (e as NodeJS.ErrnoException).code;
    throw new ConfigError(`${casePath}: ${code === 'ENOENT' ? 'no such file' : (e as Error).message}`);
  }
  const c = parseReferenceCase(text, casePath);
  const setup = await setupReplay(c, casePath);
  const result = trainLoop(setup.source, setup.params, setup.options);
  const tol = c.tolerance;
  const notes: string[] = [];
  if (c.optimizer.name === 'NAdam' && /^1\./.test(c.torch_version ?? '')) notes.push(nadamNote);

  const rel = (t: number | undefined): number => o.tol ?? t ?? DEFAULT_REL_TOL;
  const check = (e: TrajectoryError, kind: 'rel' | 'abs', bound: number): TrajectoryCheck => ({
    ...e,
    kind,
    tolerance: bound,
    pass: (kind === 'rel' ? e.maxRelErr : e.maxAbsErr) <= bound,
  });
  const trajectories: Record<string, TrajectoryCheck> = {};
  const unreliable = o.tol === undefined && tol?.unreliable === true;

  const losses = setup.miniBatch ? result.stepLoss : [...result.stepLoss, result.finalTrainLoss];
  const lossKey = setup.miniBatch ? 'batch_losses' : 'losses';
  const expectedLosses = setup.miniBatch ? c.batch_losses : c.losses;
  if (expectedLosses) {
    const n = unreliable ? Math.min(tol?.early_steps ?? 0, expectedLosses.length) : expectedLosses.length;
    const e = compareSeries(losses, expectedLosses, Math.min(n, Math.max(losses.length, n)));
    if (losses.length < n) e.maxRelErr = e.maxAbsErr = Infinity;
    trajectories[lossKey] = check(
      e,
      'rel',
      unreliable ? (tol?.early_loss_rel ?? DEFAULT_REL_TOL) : rel(tol?.loss_rel),
    );
  }
  if (c.full_data_loss_per_epoch && !unreliable) {
    const e = compareSeries(
      result.epochTrainLoss,
      c.full_data_loss_per_epoch,
      c.full_data_loss_per_epoch.length,
    );
    trajectories['full_data_loss_per_epoch'] = check(e, 'rel', rel(tol?.loss_rel));
  }
  if (c.trajectory && !unreliable && result.trajectory) {
    const expected = c.trajectory.flat();
    const e = compareSeries(result.trajectory, expected, expected.length);
    trajectories['trajectory'] =
      o.tol !== undefined ? check(e, 'rel', o.tol) : check(e, 'abs', tol?.params_abs ?? DEFAULT_REL_TOL);
  }

  // Parameters: the whole vector against params_abs, and the weights alone against weight_abs
  // (the bias of a standardized regression is rounding noise in torch itself, see the README).
  const finalNamed = setup.toNamed(result.params);
  const all = { actual: [] as number[], expected: [] as number[] };
  const weights = { actual: [] as number[], expected: [] as number[] };
  for (const t of setup.layout) {
    const expected = flatten(c.final_params[t.name]);
    const actual = Array.from(result.params.subarray(t.offset, t.offset + t.size));
    if (expected.length !== actual.length) {
      throw new ConfigError(
        `final_params.${t.name} has ${expected.length} values, the model has ${actual.length}`,
      );
    }
    appendAll(all.actual, actual);
    appendAll(all.expected, expected);
    if (t.name === 'weight' || t.name.endsWith('.weight')) {
      appendAll(weights.actual, actual);
      appendAll(weights.expected, expected);
    }
  }
  const paramsErr = compareSeries(all.actual, all.expected);
  if (o.tol !== undefined) {
    // A relative bound on parameters is taken against the largest magnitude, so entries that are
    // zero up to rounding (a standardized regression's bias) do not make it meaningless.
    const scale = Math.max(1e-300, maxOf(all.expected.map(Math.abs)) ?? 0);
    trajectories['final_params'] = check(
      { ...paramsErr, maxRelErr: paramsErr.maxAbsErr / scale },
      'rel',
      o.tol,
    );
  } else if (!unreliable) {
    trajectories['final_params'] =
      tol?.params_abs !== undefined
        ? check(paramsErr, 'abs', tol.params_abs)
        : check(
            {
              ...paramsErr,
              maxRelErr: paramsErr.maxAbsErr / Math.max(1e-300, ...all.expected.map(Math.abs)),
            },
            'rel',
            DEFAULT_REL_TOL,
          );
  }
  if (o.tol === undefined && tol?.weight_abs !== undefined && weights.expected.length > 0) {
    trajectories['final_weights'] = check(
      compareSeries(weights.actual, weights.expected),
      'abs',
      tol.weight_abs,
    );
  }
  if (result.status === 'diverged' && !(expectedLosses ?? []).some((v) => v === null)) {
    notes.push(`the engine's run diverged at step ${result.divergedAtStep}: ${result.divergenceReason}`);
  }

  const checks = Object.values(trajectories);
  return {
    case: c.name ?? basename(casePath).replace(/\.json$/, ''),
    steps: result.steps,
    max_abs_err: Math.max(0, ...checks.map((t) => t.maxAbsErr)),
    max_rel_err: Math.max(0, ...checks.map((t) => t.maxRelErr)),
    pass: checks.length > 0 && checks.every((t) => t.pass),
    losses: losses.map(finite),
    loss_key: lossKey,
    final_params: finalNamed,
    trajectories,
    notes,
  };
}
