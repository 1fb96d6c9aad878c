// Hover help for keys whose zod schemas carry no description: the data section and torch's scheduler keywords.

/**
 * The `data` section, keyed by its dotted path below `data`. The zod schema documents these in
 * comments; the editor needs them as text.
 */
export const DATA_KEYS: Record<string, string> = {
  path: 'The data file (CSV, TSV, JSON, JSON Lines or Parquet), relative to this experiment file.',
  format: 'The file format; by default detected from the file extension.',
  target: 'The column to predict.',
  features: 'Feature columns; by default every column except the target.',
  task: 'regression, binary or multiclass; by default inferred from the target column.',
  stream:
    'Train from the file in chunks, one pass per epoch, never holding the table in memory (CSV, TSV, JSONL, Parquet). Implies the hash split.',
  shuffle_buffer:
    "Streaming: rows held for shuffling (tf.data's buffer_size; 10 000 by default); rows mix only within this many neighbours.",
  split: 'How rows are held out: validation and test fractions, the shuffle seed, stratification.',
  'split.method':
    'shuffle (default): exact sizes from a seeded shuffle; hash: each row by a seeded hash of its position (streaming; sizes near the fractions).',
  'split.validation':
    'Fraction of rows held out for validation (early stopping, ranking); 0 for none. Default 0.2.',
  'split.test': 'Fraction of rows held out for a final test score, never used for decisions. Default 0.',
  'split.seed': 'Seed of the row shuffle; the same seed gives the same split on any machine.',
  'split.stratify': 'Keep class proportions in every split (classification only).',
  preprocessing: 'Standardization, missing values and the limit on categories.',
  'preprocessing.standardize': "Standardize features with the training split's mean and population std.",
  'preprocessing.standardize_target':
    'Standardize a regression target the same way (losses are then in target-std units).',
  'preprocessing.missing':
    'A missing value in a used column: error (fail with its location), drop the row, or mean (fill with the training mean).',
  'preprocessing.max_categories':
    'A categorical feature with more distinct values than this is an error (one-hot would explode).',
};

/** torch.optim.lr_scheduler keywords, with torch's meaning. */
export const SCHEDULE_KEYS: Record<string, string> = {
  name: 'The torch.optim.lr_scheduler class.',
  step_size: 'Decay the learning rate every this many steps (or epochs, with interval "epoch").',
  gamma: 'Multiplicative factor of the decay.',
  milestones: 'Indices (steps or epochs) at which the learning rate decays, or SequentialLR switches.',
  T_max: 'Length of the half cosine, in steps or epochs (usually the whole run).',
  T_0: 'Length of the first cosine cycle.',
  T_mult: 'Factor by which each cycle grows after a restart.',
  eta_min: 'Smallest learning rate.',
  max_lr: 'Peak learning rate of the cycle.',
  total_steps: 'Length of the cycle; or give epochs and steps_per_epoch.',
  epochs: 'With steps_per_epoch, the length of the cycle.',
  steps_per_epoch: 'With epochs, the length of the cycle.',
  pct_start: 'Fraction of the cycle spent increasing the learning rate.',
  anneal_strategy: 'cos or linear annealing.',
  cycle_momentum: 'Cycle the momentum (or beta1) inversely to the learning rate.',
  base_momentum: 'Lowest momentum of the cycle.',
  max_momentum: 'Highest momentum of the cycle.',
  div_factor: 'Initial learning rate = max_lr / div_factor.',
  final_div_factor: 'Final learning rate = initial learning rate / final_div_factor.',
  three_phase: 'Use a third phase that anneals to the final learning rate.',
  start_factor: 'Factor of the learning rate at the first step.',
  end_factor: 'Factor of the learning rate after total_iters.',
  total_iters: 'Steps over which the factor changes.',
  mode: 'min: reduce when the monitored value stops decreasing; max: when it stops increasing.',
  factor: 'Multiply the learning rate by this on a plateau.',
  patience: 'Epochs without improvement before the learning rate drops.',
  threshold: 'Smallest change that counts as an improvement.',
  threshold_mode: 'rel: threshold relative to the best value; abs: absolute.',
  cooldown: 'Epochs to wait after a drop before watching again.',
  min_lr: 'Lower bound on the learning rate.',
  eps: 'A drop smaller than this is skipped.',
  monitor: 'The value passed to scheduler.step(metric).',
  interval: 'Step the schedule after every optimizer step or after every epoch.',
  schedulers: 'The schedules run one after another (switching at milestones).',
};

/** The `type` key of a search parameter. */
export const SEARCH_TYPE_HELP =
  'uniform, loguniform, int or categorical: how the parameter is drawn (as Optuna suggest_*).';
