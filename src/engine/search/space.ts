// TrialParams: A trial's point in the space, keyed by parameter name as the file writes it.
import { optimizerSchemas, type OptimizerConfig, type OptimizerName } from '../../protocol/optimizers';
import {
  OPTIMIZER_PARAM,
  withKeyword,
  type ChoiceValue,
  type ResolvedSearch,
  type SearchParam,
} from '../../protocol/search';
import { configLabel, shortNumber } from '../experiment/labels';
import type { Rng } from '../random';

/** A trial's point in the space, keyed by parameter name as the file writes it. */
export type TrialParams = Record<string, ChoiceValue>;

/**
 * One searchable dimension. Conditional parameters are separate dimensions (their id is
 * `<optimizer>:<name>`), active only in trials that picked that optimizer, so TPE models
 * `SGD:lr` and `Adam:lr` apart when both are conditional.
 */
export interface Dimension {
  id: string;
  name: string;
  /** The optimizer this dimension belongs to, or null when it applies to every trial. */
  condition: OptimizerName | null;
  param: SearchParam;
}

/** The dimensions in sampling order: top-level parameters (the optimizer choice first), then conditional ones. */
export function dimensions(s: Pick<ResolvedSearch, 'parameters' | 'conditional'>): Dimension[] {
  const top = Object.entries(s.parameters).map(([name, param]) => ({
    id: name,
    name,
    condition: null,
    param,
  }));
  top.sort((a, b) => Number(b.name === OPTIMIZER_PARAM) - Number(a.name === OPTIMIZER_PARAM));
  const conditional = Object.entries(s.conditional).flatMap(([opt, params]) =>
    Object.entries(params).map(([name, param]) => ({
      id: `${opt}:${name}`,
      name,
      condition: opt as OptimizerName,
      param,
    })),
  );
  return [...top, ...conditional];
}

/** Whether a dimension takes part in a trial with these (possibly partial) parameters. */
export function isActive(d: Dimension, params: TrialParams): boolean {
  return d.condition === null || params[OPTIMIZER_PARAM] === d.condition;
}

/** Values of an int parameter's lattice. */
export function intValues(p: SearchParam & { type: 'int' }): number[] {
  const out: number[] = [];
  for (let v = p.low; v <= p.high; v += p.log ? 1 : p.step) out.push(v);
  return out;
}

/** Draws a value from a parameter's prior: uniform, uniform in log space, uniform over a lattice or the choices. */
export function samplePrior(p: SearchParam, rng: Rng): ChoiceValue {
  switch (p.type) {
    case 'uniform':
      return rng.uniformRange(p.low, p.high);
    case 'loguniform':
      return Math.exp(rng.uniformRange(Math.log(p.low), Math.log(p.high)));
    case 'int': {
      if (p.log) {
        const v = Math.round(Math.exp(rng.uniformRange(Math.log(p.low - 0.5), Math.log(p.high + 0.5))));
        return Math.min(p.high, Math.max(p.low, v));
      }
      const n = Math.floor((p.high - p.low) / p.step) + 1;
      return p.low + p.step * rng.int(n);
    }
    case 'choice':
      return p.values[rng.int(p.values.length)]!;
  }
}

/** Samples every active dimension from its prior, in order, so conditions see the optimizer first. */
export function sampleRandom(dims: readonly Dimension[], rng: Rng): TrialParams {
  const params: TrialParams = {};
  for (const d of dims) if (isActive(d, params)) params[d.name] = samplePrior(d.param, rng);
  return params;
}

/** A stable key of a point, to recognise a repeated suggestion. */
export function paramsKey(params: TrialParams): string {
  return JSON.stringify(
    Object.keys(params)
      .sort()
      .map((k) => [k, params[k]]),
  );
}

/** What a trial changes in the experiment: the optimizer configuration and, when searched, batch size and l2. */
export interface TrialSetup {
  optimizer: OptimizerConfig;
  batchSize?: number | null;
  l2?: number;
  /** Searched data_parallel values, keyed by parameter name. */
  dataParallel?: Record<string, number>;
}

/**
 * Applies a trial's parameters to the configuration it starts from and validates the result with
 * torch's own rules (e.g. nesterov needs momentum). Returns the setup, or the reason it is invalid.
 */
export function trialSetup(
  s: ResolvedSearch,
  params: TrialParams,
): { ok: true; setup: TrialSetup } | { ok: false; message: string } {
  const picked = params[OPTIMIZER_PARAM];
  const name = (typeof picked === 'string' ? picked : Object.keys(s.base)[0]) as OptimizerName;
  let config = { ...s.base[name] };
  const setup: Partial<TrialSetup> = {};
  for (const [key, value] of Object.entries(params)) {
    if (key === OPTIMIZER_PARAM) continue;
    if (key === 'batch_size') setup.batchSize = value as number | null;
    else if (key === 'l2') setup.l2 = value as number;
    else if (key.startsWith('data_parallel.'))
      setup.dataParallel = { ...setup.dataParallel, [key]: value as number };
    else config = withKeyword(config, key, value);
  }
  const parsed = optimizerSchemas[name].safeParse(config);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    return {
      ok: false,
      message: `invalid ${name} configuration: ${issue.path.join('.') || name}: ${issue.message}`,
    };
  }
  return { ok: true, setup: { ...setup, optimizer: parsed.data as OptimizerConfig } };
}

/** Significant digits of a sampled value in a trial's label: the trial number already makes it unique. */
export const TRIAL_LABEL_DIGITS = 4;

/**
 * `#3 SGD(lr=0.01, momentum=0.9) batch_size=16`: the trial number, the torch call and the other
 * searched settings, sampled numbers shortened to 4 significant digits (`lr=0.09553`, not
 * `lr=0.0955337412…`); the exact values stay in the trial's `params` and `config`.
 */
export function trialLabel(index: number, setup: TrialSetup): string {
  const short = (v: number): string => shortNumber(v, TRIAL_LABEL_DIGITS);
  const extra = [
    ...(setup.batchSize !== undefined ? [`batch_size=${setup.batchSize ?? 'full'}`] : []),
    ...(setup.l2 !== undefined ? [`l2=${short(setup.l2)}`] : []),
    ...Object.entries(setup.dataParallel ?? {}).map(([k, v]) => `${k.split('.').pop()}=${short(v)}`),
  ];
  return [`#${index}`, configLabel(setup.optimizer, TRIAL_LABEL_DIGITS), ...extra].join(' ');
}
