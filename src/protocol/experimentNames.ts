// The names an experiment file chooses from: test surfaces, built-in model types, activations,
// losses, and the metrics an objective or early stopping can watch.

export const surfaceNames = [
  'rosenbrock',
  'beale',
  'himmelblau',
  'booth',
  'saddle',
  'monkey_saddle',
  'ill_conditioned',
  'rastrigin',
  'six_hump_camel',
] as const;
export type SurfaceName = (typeof surfaceNames)[number];

export const modelTypes = ['linear', 'logistic', 'softmax', 'mlp'] as const;
export type ModelType = (typeof modelTypes)[number];

export const activations = ['relu', 'tanh', 'sigmoid', 'leaky_relu'] as const;
export type Activation = (typeof activations)[number];

export const lossNames = ['mse', 'huber', 'bce_with_logits', 'cross_entropy'] as const;
export type LossName = (typeof lossNames)[number];

/**
 * Values an objective or early stopping can watch. `train_loss` is the loss on the whole training
 * split after the epoch (with the l2 penalty: the objective being minimized); the `val_` values are computed on the validation split after each epoch: `val_loss` (the
 * training loss function, without the l2 penalty), `val_accuracy` (classification), `val_rmse` and
 * `val_r2` (regression, in the target's original units).
 */
export const monitoredMetrics = ['val_loss', 'train_loss', 'val_accuracy', 'val_rmse', 'val_r2'] as const;
export type MonitoredMetric = (typeof monitoredMetrics)[number];

/** Metrics where larger is better; every other one is minimized. */
export const maximizedMetrics: readonly MonitoredMetric[] = ['val_accuracy', 'val_r2'];

/** Metrics that only a classification task has. */
export const CLASSIFICATION_METRICS: readonly string[] = ['val_accuracy'];
/** Metrics that only a regression task has. */
export const REGRESSION_METRICS: readonly string[] = ['val_rmse', 'val_r2'];
