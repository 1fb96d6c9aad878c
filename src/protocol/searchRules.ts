// The search section's rules: the size of a grid, which keywords each optimizer accepts (probed
// against torch's own validation), the conditional parameters of an optimizer choice. They run
// across the file (the search needs the optimizers and the training section) and report every
// problem at its field path.
import type { z } from 'zod';
import { optimizerNames, optimizerSchemas, type OptimizerConfig, type OptimizerName } from './optimizers';
import { dataParallelSearchValueProblem } from './dataParallel';
import { isObject, type Issue } from './fieldIssue';
import { dataFunctionOf } from './dataFunctionRules';
import type { ResolvedSearch } from './resolvedSearch';
import {
  OPTIMIZER_PARAM,
  searchParamSchema,
  searchSchema,
  searchTrainingParams,
  type SearchParam,
} from './searchSection';

/** Default trial count of random and TPE searches. */
export const DEFAULT_TRIALS = 20;

/** Largest grid accepted, so a typo in `grid` cannot start millions of runs. */
export const MAX_GRID_TRIALS = 10_000;

/** Number of points of one parameter on a grid, or null when it has no finite grid. */
export function gridSize(p: SearchParam): number | null {
  switch (p.type) {
    case 'choice':
      return p.values.length;
    case 'int':
      return p.log ? p.high - p.low + 1 : Math.floor((p.high - p.low) / p.step) + 1;
    default:
      return p.grid ?? null;
  }
}

/**
 * Trials a grid makes: the product over the top-level parameters, where the optimizer choice
 * contributes, per optimizer, the product of that optimizer's conditional parameters.
 */
export function gridTrialCount(s: Pick<ResolvedSearch, 'parameters' | 'conditional'>): number {
  let count = 1;
  for (const [name, p] of Object.entries(s.parameters)) {
    if (name === OPTIMIZER_PARAM && p.type === 'choice') {
      let sum = 0;
      for (const v of p.values) {
        let sub = 1;
        for (const c of Object.values(s.conditional[String(v)] ?? {})) sub *= gridSize(c) ?? NaN;
        sum += sub;
      }
      count *= sum;
    } else {
      count *= gridSize(p) ?? NaN;
    }
  }
  return count;
}

/** The keyword names a torch optimizer accepts, with tuple elements as `betas.0` / `betas.1`. */
export function searchableKeywords(name: OptimizerName): string[] {
  const keys = Object.keys(optimizerSchemas[name].shape).filter((k) => k !== 'name');
  return keys.flatMap((k) => (k === 'betas' ? ['betas.0', 'betas.1'] : [k]));
}

/** Sets a searched keyword on an optimizer configuration (`betas.1` sets the tuple's element). */
export function withKeyword(
  config: Record<string, unknown>,
  key: string,
  value: unknown,
): Record<string, unknown> {
  const dot = key.indexOf('.');
  if (dot < 0) return { ...config, [key]: value };
  const head = key.slice(0, dot);
  const index = Number(key.slice(dot + 1));
  const tuple = Array.isArray(config[head]) ? [...(config[head] as unknown[])] : [];
  tuple[index] = value;
  return { ...config, [head]: tuple };
}

/** Values of a parameter worth checking against torch's validation: its ends or its choices. */
function probeValues(p: SearchParam): unknown[] {
  return p.type === 'choice' ? p.values : [p.low, p.high];
}

/** The configuration a trial of `name` starts from: the file's entry of that class or torch's defaults. */
export function baseConfig(optimizers: readonly OptimizerConfig[], name: OptimizerName): OptimizerConfig {
  return optimizers.find((o) => o.name === name) ?? optimizerSchemas[name].parse({ name });
}

function checkParams(
  params: Record<string, unknown>,
  path: (string | number)[],
  applicable: OptimizerName[],
  optimizers: readonly OptimizerConfig[],
  isData: boolean,
  strategy: unknown,
  issues: Issue[],
): void {
  for (const [key, raw] of Object.entries(params)) {
    const parsed = searchParamSchema.safeParse(raw);
    if (!parsed.success) continue; // the field check reports it
    const p = parsed.data;
    const at = [...path, key];
    if (strategy === 'grid' && gridSize(p) === null) {
      issues.push({
        path: at,
        message: `a grid needs a finite set of values: give "grid" (number of points) for this ${p.type} parameter`,
      });
    }
    if (strategy !== 'grid' && (p.type === 'uniform' || p.type === 'loguniform') && p.grid !== undefined) {
      issues.push({
        path: [...at, 'grid'],
        message: `applies to the grid strategy only, not "${String(strategy ?? 'tpe')}"`,
      });
    }
    if (key === OPTIMIZER_PARAM) continue;
    if ((searchTrainingParams as readonly string[]).includes(key)) {
      if (!isData)
        issues.push({ path: at, message: `"${key}" applies to data problems only, not to a surface` });
      else if (key === 'batch_size') {
        const bad = probeValues(p).find((v) => !(v === null || (Number.isInteger(v) && (v as number) >= 1)));
        if (bad !== undefined)
          issues.push({
            path: at,
            message: `batch_size values must be integers >= 1 or null, got ${JSON.stringify(bad)}`,
          });
      } else if (key === 'l2') {
        const bad = probeValues(p).find((v) => !(typeof v === 'number' && v >= 0));
        if (bad !== undefined)
          issues.push({ path: at, message: `l2 values must be numbers >= 0, got ${JSON.stringify(bad)}` });
      } else {
        const problem = dataParallelSearchValueProblem(key, probeValues(p));
        if (problem) issues.push({ path: at, message: problem });
      }
      continue;
    }
    const missing = applicable.filter((n) => !searchableKeywords(n).includes(key));
    if (missing.length > 0) {
      const known = [...new Set(applicable.flatMap(searchableKeywords))].sort();
      issues.push({
        path: at,
        message:
          `"${key}" is not a keyword of ${missing.join(', ')}` +
          (path.length > 2 ? '' : missing.length < applicable.length ? ': move it to "conditional"' : '') +
          `; searchable: ${[OPTIMIZER_PARAM, ...searchTrainingParams, ...known].join(', ')}`,
      });
      continue;
    }
    // Each probed value must pass torch's own check of that keyword on every optimizer it applies
    // to. Rules across keywords (nesterov needs momentum) depend on the other sampled values: a
    // trial that breaks one fails with torch's message.
    for (const name of applicable) {
      const shape = optimizerSchemas[name].shape as Record<string, z.ZodType>;
      const base = baseConfig(optimizers, name);
      const head = key.split('.')[0]!;
      for (const v of probeValues(p)) {
        const value = withKeyword(base, key, v)[head];
        const check = shape[head]!.safeParse(value);
        if (!check.success) {
          issues.push({
            path: at,
            message: `${name} with ${key} = ${JSON.stringify(v)}: ${check.error.issues[0]!.message}`,
          });
          break;
        }
      }
    }
  }
}

/**
 * Rules between the search section and the rest of the file (called from the experiment schema's
 * cross-field rules): parameter names against the optimizers' keywords, values against torch's
 * validation, conditional keys against the optimizer choice, grid completeness, data-only options.
 */
export function searchIssues(file: Record<string, unknown>): Issue[] {
  const s = file['search'];
  if (!isObject(s)) return [];
  const issues: Issue[] = [];
  // A pytorch model's data function (model.data) is a data problem without a data section.
  const isData = file['data'] !== undefined || dataFunctionOf(file) !== null;
  const optimizers = (Array.isArray(file['optimizers']) ? file['optimizers'] : []).filter(
    (o): o is OptimizerConfig => isObject(o) && optimizerNames.includes(o['name'] as OptimizerName),
  );
  const params = isObject(s['parameters']) ? s['parameters'] : {};
  const conditional = isObject(s['conditional']) ? s['conditional'] : {};
  const choice = searchParamSchema.safeParse(params[OPTIMIZER_PARAM]);
  let applicable: OptimizerName[] = [];

  if (params[OPTIMIZER_PARAM] !== undefined && choice.success) {
    const c = choice.data;
    if (c.type !== 'choice') {
      issues.push({
        path: ['search', 'parameters', OPTIMIZER_PARAM],
        message: `must be a "choice" of optimizer names, got "${c.type}"`,
      });
    } else {
      c.values.forEach((v, i) => {
        if (optimizerNames.includes(v as OptimizerName)) applicable.push(v as OptimizerName);
        else
          issues.push({
            path: ['search', 'parameters', OPTIMIZER_PARAM, 'values', i],
            message: `unknown optimizer ${JSON.stringify(v)}; expected one of ${optimizerNames.join(', ')}`,
          });
      });
    }
  } else if (params[OPTIMIZER_PARAM] === undefined) {
    if (optimizers.length > 1) {
      issues.push({
        path: ['search'],
        message: `searches one optimizer, but "optimizers" lists ${optimizers.length}: keep one, or search over them with "parameters": {"optimizer": {"type": "choice", "values": [...]}}`,
      });
    }
    applicable = optimizers.slice(0, 1).map((o) => o.name);
  }

  checkParams(params, ['search', 'parameters'], applicable, optimizers, isData, s['strategy'], issues);
  for (const [key, sub] of Object.entries(conditional)) {
    if (!applicable.includes(key as OptimizerName)) {
      issues.push({
        path: ['search', 'conditional', key],
        message:
          params[OPTIMIZER_PARAM] === undefined
            ? 'conditional parameters need an "optimizer" choice in "parameters"'
            : `"${key}" is not a value of the "optimizer" choice (${applicable.join(', ')})`,
      });
      continue;
    }
    if (!isObject(sub)) continue;
    for (const name of Object.keys(sub)) {
      if (params[name] !== undefined) {
        issues.push({
          path: ['search', 'conditional', key, name],
          message: `"${name}" is already searched in "parameters"`,
        });
      }
      if (name === OPTIMIZER_PARAM || (searchTrainingParams as readonly string[]).includes(name)) {
        issues.push({
          path: ['search', 'conditional', key, name],
          message: `"${name}" belongs in "parameters", not under one optimizer`,
        });
      }
    }
    checkParams(
      sub,
      ['search', 'conditional', key],
      [key as OptimizerName],
      optimizers,
      isData,
      s['strategy'],
      issues,
    );
  }

  const budget = isObject(s['budget']) ? s['budget'] : {};
  if (s['strategy'] === 'grid' && issues.length === 0) {
    const parsed = searchSchema.safeParse(s);
    if (parsed.success) {
      const count = gridTrialCount({
        parameters: parsed.data.parameters,
        conditional: parsed.data.conditional ?? {},
      });
      if (count > MAX_GRID_TRIALS) {
        issues.push({
          path: ['search', 'parameters'],
          message: `this grid makes ${count} trials, more than the ${MAX_GRID_TRIALS} allowed: use fewer points or "strategy": "random"`,
        });
      } else if (typeof budget['trials'] === 'number' && budget['trials'] < count) {
        issues.push({
          path: ['search', 'budget', 'trials'],
          message: `this grid makes ${count} trials, more than budget.trials (${budget['trials']}): raise it, drop it, or use fewer points`,
        });
      }
    }
  }
  if (!isData) {
    for (const key of ['pruning', 'cv_folds'] as const) {
      if (s[key] !== undefined && s[key] !== null) {
        issues.push({ path: ['search', key], message: 'applies to data problems only, not to a surface' });
      }
    }
  }
  if (isData && typeof s['cv_folds'] === 'number') {
    const objective = isObject(file['objective']) ? file['objective'] : {};
    if (objective['metric'] === 'train_loss') {
      issues.push({
        path: ['search', 'cv_folds'],
        message: 'cross-validation scores the held-out fold: use a "val_" objective metric, not "train_loss"',
      });
    }
  }
  return issues;
}
