// The rules of an experiment whose pytorch model supplies its own data (model.data): no data file,
// so no data section (its path, split, preprocessing and stream apply to a file), a loss that names
// the task, and none of what needs the product's table.
import { isObject, type Issue } from './fieldIssue';

/** The model's data function, when the file names one. */
export function dataFunctionOf(file: Record<string, unknown>): string | null {
  const model = isObject(file['model']) ? file['model'] : {};
  return model['type'] === 'pytorch' && typeof model['data'] === 'string' ? model['data'] : null;
}

/** Issues of a file whose model names a data function; none for every other file. */
export function dataFunctionIssues(file: Record<string, unknown>): Issue[] {
  const fn = dataFunctionOf(file);
  if (fn === null) return [];
  const issues: Issue[] = [];
  const supplies = `the model's data function "${fn}" (model.data) supplies the data`;
  if (file['data'] !== undefined) {
    // One issue for the whole section: zod has filled its defaults (split, preprocessing) by now,
    // so its keys no longer tell what the user wrote.
    issues.push({
      path: ['data'],
      message: `${supplies}: remove the data section (its path, target, split, preprocessing and stream apply to a data file)`,
    });
  }
  if (file['surface'] !== undefined) {
    issues.push({ path: ['surface'], message: `${supplies} for a model; a surface has none: keep one` });
  }
  const model = isObject(file['model']) ? file['model'] : {};
  if (model['loss'] !== undefined) {
    issues.push({
      path: ['model', 'loss'],
      message: `with a data function, name the experiment's loss (it also sets the task's metrics) instead of a loss function of the model file`,
    });
  } else if (file['loss'] === undefined) {
    issues.push({
      path: ['loss'],
      message: `required with a data function (model.data): the loss names the task, e.g. {"name": "cross_entropy"} for classes, {"name": "mse"} for regression`,
    });
  }
  const training = isObject(file['training']) ? file['training'] : {};
  if (training['data_parallel'] !== undefined && training['data_parallel'] !== null) {
    issues.push({
      path: ['training', 'data_parallel'],
      message: 'simulated data-parallel training applies to the built-in models, not to a pytorch model',
    });
  }
  const search = isObject(file['search']) ? file['search'] : null;
  if (search !== null && search['cv_folds'] !== undefined && search['cv_folds'] !== null) {
    issues.push({
      path: ['search', 'cv_folds'],
      message: `cross-validation splits a data file's rows into folds; ${supplies}: remove cv_folds`,
    });
  }
  return issues;
}
