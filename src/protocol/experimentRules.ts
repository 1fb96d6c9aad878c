// The experiment file's rules across sections (a metric the task has, a loss the model fits, what a
// pytorch model cannot be combined with, the search's and data parallelism's own rules). They run
// after the section schemas and report every problem at once, each at its field path.
import type { TaskKind } from './data';
import { dataParallelIssues } from './dataParallel';
import { CLASSIFICATION_METRICS, REGRESSION_METRICS } from './experimentNames';
import { isObject, type Issue } from './fieldIssue';
import { searchIssues } from './search';
import { dataFunctionIssues, dataFunctionOf } from './dataFunctionRules';

/** The task the file commits to without looking at the data: explicit, or implied by loss or model. */
function impliedTask(file: Record<string, unknown>): 'regression' | 'classification' | null {
  const data = isObject(file['data']) ? file['data'] : {};
  const task = data['task'] as TaskKind | undefined;
  if (task === 'regression') return 'regression';
  if (task === 'binary' || task === 'multiclass') return 'classification';
  const loss = isObject(file['loss']) ? file['loss']['name'] : undefined;
  if (loss === 'mse' || loss === 'huber') return 'regression';
  if (loss === 'bce_with_logits' || loss === 'cross_entropy') return 'classification';
  const model = isObject(file['model']) ? file['model']['type'] : undefined;
  if (model === 'logistic' || model === 'softmax') return 'classification';
  return null;
}

/**
 * What a pytorch model cannot be combined with: its training runs in the user's own Python process,
 * which has one loss (the file's or the model's) and does not simulate data parallelism or stream
 * data in chunks.
 */
function pytorchModelIssues(
  file: Record<string, unknown>,
  training: Record<string, unknown>,
  data: Record<string, unknown>,
): Issue[] {
  const issues: Issue[] = [];
  const model = isObject(file['model']) ? file['model'] : {};
  if (model['loss'] !== undefined && file['loss'] !== undefined) {
    issues.push({
      path: ['loss'],
      message: `the model's own loss function "${String(model['loss'])}" replaces this loss: keep one of them`,
    });
  }
  if (training['data_parallel'] !== undefined && training['data_parallel'] !== null) {
    issues.push({
      path: ['training', 'data_parallel'],
      message: 'simulated data-parallel training applies to the built-in models, not to a pytorch model',
    });
  }
  if (data['stream'] !== undefined && data['stream'] !== false && data['stream'] !== null) {
    issues.push({
      path: ['data', 'stream'],
      message:
        'streaming data applies to the built-in models; a pytorch model reads the prepared data set whole',
    });
  }
  return issues;
}

/**
 * Rules across sections. They run even when fields failed (zod skips refinements after an issue by
 * default), so every problem is reported at once; hence they read values defensively.
 */
export function crossFieldIssues(file: Record<string, unknown>): Issue[] {
  const issues: Issue[] = [];
  const has = (key: string) => file[key] !== undefined;
  const training = isObject(file['training']) ? file['training'] : {};
  const early = isObject(training['early_stopping']) ? training['early_stopping'] : null;
  const objective = isObject(file['objective']) ? file['objective'] : {};
  const schedule = isObject(file['schedule']) ? file['schedule'] : null;
  const plateauMonitor = schedule?.['name'] === 'ReduceLROnPlateau' ? schedule['monitor'] : undefined;

  const dataFunction = dataFunctionOf(file);
  if (!has('data') && !has('surface') && dataFunction === null) {
    issues.push({
      path: [],
      message:
        'needs exactly one of "data" (train a model on a data file) or "surface" (a 2-D test function), or a pytorch model with a data function (model.data)',
    });
  }
  if (has('data') && has('surface') && dataFunction === null) {
    issues.push({ path: ['surface'], message: '"data" and "surface" exclude each other: keep one' });
  }

  if (has('surface') && !has('data')) {
    for (const key of ['model', 'loss'] as const) {
      if (has(key)) issues.push({ path: [key], message: 'applies to data problems only, not to a surface' });
    }
    if (typeof file['l2'] === 'number' && file['l2'] !== 0) {
      issues.push({ path: ['l2'], message: 'applies to data problems only, not to a surface' });
    }
    for (const key of ['epochs', 'batch_size', 'shuffle', 'early_stopping'] as const) {
      if (training[key] !== undefined) {
        issues.push({
          path: ['training', key],
          message: 'applies to data problems only; a surface run lasts training.steps',
        });
      }
    }
    if (objective['metric'] !== undefined && objective['metric'] !== 'train_loss') {
      issues.push({
        path: ['objective', 'metric'],
        message: `a surface has no validation split: its objective is "train_loss", got "${String(objective['metric'])}"`,
      });
    }
    if (plateauMonitor !== undefined && plateauMonitor !== 'train_loss') {
      issues.push({
        path: ['schedule', 'monitor'],
        message: `ReduceLROnPlateau monitors "${String(plateauMonitor)}", but a surface has no validation split: set "monitor": "train_loss"`,
      });
    }
  }

  if (has('data') && !has('surface') && dataFunction === null) {
    const model = isObject(file['model']) ? file['model']['type'] : undefined;
    const loss = isObject(file['loss']) ? file['loss']['name'] : undefined;
    const needs = model === 'logistic' ? 'bce_with_logits' : model === 'softmax' ? 'cross_entropy' : null;
    if (needs !== null && loss !== undefined && loss !== needs) {
      issues.push({
        path: ['loss', 'name'],
        message: `a ${String(model)} model needs the "${needs}" loss, got "${String(loss)}"`,
      });
    }

    const data = isObject(file['data']) ? file['data'] : {};
    const task = data['task'];
    if (model === 'pytorch') issues.push(...pytorchModelIssues(file, training, data));
    if (task === 'regression' && (model === 'logistic' || model === 'softmax')) {
      issues.push({
        path: ['model', 'type'],
        message: `a ${model} model needs a classification task, got "regression"`,
      });
    }
    if (task === 'multiclass' && model === 'logistic') {
      issues.push({
        path: ['model', 'type'],
        message: 'a logistic model is binary; use "softmax" for a multiclass task',
      });
    }
    if (task === 'regression' && (loss === 'bce_with_logits' || loss === 'cross_entropy')) {
      issues.push({
        path: ['loss', 'name'],
        message: `"${loss}" is a classification loss, but the task is regression`,
      });
    }
    if ((task === 'binary' || task === 'multiclass') && (loss === 'mse' || loss === 'huber')) {
      issues.push({
        path: ['loss', 'name'],
        message: `"${loss}" is a regression loss, but the task is ${task}`,
      });
    }

    const split = isObject(data['split']) ? data['split'] : {};
    const noValidation = split['validation'] === 0;
    const watched: [(string | number)[], unknown][] = [
      [['objective', 'metric'], objective['metric']],
      [['training', 'early_stopping', 'monitor'], early?.['monitor']],
      [['schedule', 'monitor'], plateauMonitor],
    ];
    const kind = impliedTask(file);
    for (const [path, metric] of watched) {
      if (typeof metric !== 'string') continue;
      if (noValidation && metric.startsWith('val_')) {
        issues.push({
          path,
          message: `"${metric}" needs a validation split, but data.split.validation is 0`,
        });
      } else if (kind === 'regression' && CLASSIFICATION_METRICS.includes(metric)) {
        issues.push({ path, message: `"${metric}" is a classification metric, but the task is regression` });
      } else if (kind === 'classification' && REGRESSION_METRICS.includes(metric)) {
        issues.push({ path, message: `"${metric}" is a regression metric, but the task is classification` });
      }
    }
    // Early stopping's default monitor is val_loss, which does not exist without a validation split.
    if (noValidation && early !== null && early['monitor'] === undefined) {
      issues.push({
        path: ['training', 'early_stopping'],
        message:
          'monitors "val_loss" by default, but data.split.validation is 0: set "monitor": "train_loss"',
      });
    }
  }
  issues.push(...dataFunctionIssues(file));
  issues.push(...searchIssues(file));
  issues.push(...dataParallelIssues(file));
  return issues;
}
