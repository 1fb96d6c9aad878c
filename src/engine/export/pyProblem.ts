// pyProblem: The part every generated training script shares (the reproduction script and the sweeps).
import type { ExportRun } from './loadRun';
import { BATCH_EXPLOSION_FACTOR } from '../train/trainLoop';
import { pyFloat, pyStr, pyValue } from '../pyCode/pyLiteral';
import { torchSchedule } from '../pyCode/torchCode';
import { batching } from '../train/batching';
import { PY_DATA_READER } from './pyDataReader';
import { PY_FUNCTION_DATA } from './pyFunctionData';
import { PY_STREAM_READER } from './pyStreamReader';
import { PY_TRAIN_LOOP } from './pyTrainLoop';
import { userBuildModel, userModelImports } from './pyUserModel';
import { portablePath } from './portablePath';

type DataRun = ExportRun & { spec: { problem: { kind: 'dataset' } } };

const ACTIVATION_MODULES: Record<string, string> = {
  relu: 'torch.nn.ReLU()',
  tanh: 'torch.nn.Tanh()',
  sigmoid: 'torch.nn.Sigmoid()',
  leaky_relu: 'torch.nn.LeakyReLU(negative_slope=0.01)',
};

/** `torch.nn.<Loss>(...)` for the run's loss, every keyword written. */
export function torchLoss(loss: { name: string; delta?: number | undefined }): string {
  switch (loss.name) {
    case 'mse':
      return "torch.nn.MSELoss(reduction='mean')";
    case 'huber':
      return `torch.nn.HuberLoss(reduction='mean', delta=${pyFloat(loss.delta ?? 1)})`;
    case 'bce_with_logits':
      return "torch.nn.BCEWithLogitsLoss(reduction='mean')";
    default:
      return "torch.nn.CrossEntropyLoss(reduction='mean')";
  }
}

/** The model as torch code: a bare nn.Linear, or an nn.Sequential whose names match the layout. */
export function torchModel(r: DataRun): string {
  const p = r.spec.problem;
  if (p.model.type === 'pytorch') return `your ${p.model.factory}() of ${p.model.path}`;
  if (p.model.type !== 'mlp') return `torch.nn.Linear(${p.nFeatures}, ${p.nOutputs})`;
  const sizes = [p.nFeatures, ...(p.model.hidden ?? []), p.nOutputs];
  const act = ACTIVATION_MODULES[p.model.activation ?? 'relu']!;
  const parts: string[] = [];
  for (let l = 1; l < sizes.length; l++) {
    parts.push(`        torch.nn.Linear(${sizes[l - 1]}, ${sizes[l]}),`);
    if (l < sizes.length - 1) parts.push(`        ${act},`);
  }
  return ['torch.nn.Sequential(', ...parts, '    )'].join('\n');
}

/** Header comment lines naming the run; user text appears only as Python literals. */
export function runHeader(r: ExportRun): string[] {
  return [
    `# Experiment: ${pyStr(r.record.name)}`,
    `# Run: ${pyStr(r.run.id)}, ${pyStr(r.run.label)}, seed ${r.run.seed}` +
      (r.run.rank !== null
        ? `, rank ${r.run.rank} by ${r.record.objective.metric} (${r.record.objective.use})`
        : ''),
    `# Record: ${pyStr(portablePath(r, r.recordDir))}`,
    `# Exported by Optimizer Lab ${r.record.environment.engineVersion}.`,
  ];
}

/** The model file's data function (model.data) when it supplied the run's data, else null. */
export function dataFunctionOf(r: ExportRun): string | null {
  const p = r.spec.problem;
  return p.kind === 'dataset' && p.model.type === 'pytorch' && p.model.data ? p.model.data : null;
}

/**
 * What a generated file trains on, for its header: the data file as the run read it, or the data
 * function; `quote` writes the function's name (user text) for the file's language.
 */
export function dataPhrase(r: ExportRun, quote: (name: string) => string): string {
  const fn = dataFunctionOf(r);
  return fn === null
    ? 'the same data file, kept rows, split and standardization'
    : `your data function ${quote(`${fn}()`)} called as the run called it and batched by the same DataLoaders`;
}

/**
 * The part every generated training script shares (the reproduction script and the sweeps): the
 * run's settings as constants, the data reader, the model, the loss, and the training loop.
 */
export function pyProblem(r: DataRun, sidecarName: string): string {
  const e = r.experiment as { data: { path: string; stream?: unknown } | null; l2: number };
  const s = r.spec;
  const p = s.problem;
  // The model file's data function (model.data) supplies the data: no data file is read.
  const dataFunction = p.model.type === 'pytorch' && p.model.data ? p.model : null;
  const { perEpoch } = batching(s.batchSize, p.trainRows);
  const schedule = s.schedule
    ? torchSchedule(s.schedule, { stepsPerEpoch: perEpoch, epochs: s.epochs })
    : null;
  const clip =
    s.gradClip === null
      ? 'None'
      : 'max_norm' in s.gradClip
        ? `{'max_norm': ${pyFloat(s.gradClip.max_norm)}, 'norm_type': ${s.gradClip.norm_type === 'inf' ? "float('inf')" : pyFloat(s.gradClip.norm_type)}}`
        : `{'clip_value': ${pyFloat(s.gradClip.clip_value)}}`;
  const es = s.earlyStopping;
  const early =
    es === null
      ? 'None'
      : `{'monitor': ${pyStr(es.monitor)}, 'patience': ${es.patience}, 'min_delta': ${pyFloat(es.min_delta)}, 'mode': ${pyStr(es.mode)}, 'restore_best': ${pyValue(es.restore_best)}}`;
  const metrics =
    p.loss.name === 'mse' || p.loss.name === 'huber'
      ? 'regression'
      : p.loss.name === 'bce_with_logits'
        ? 'logits'
        : 'classes';
  return [
    'import argparse',
    'import csv',
    'import inspect',
    'import json',
    'import math',
    'import re',
    'import sys',
    'from pathlib import Path',
    '',
    'import torch',
    '',
    'HERE = Path(__file__).resolve().parent  # the folder of this script',
    dataFunction
      ? `DATA_FILE = ${pyStr(portablePath(r, dataFunction.path))}  # not read: the data come from the model file's data function (the sidecar's data.function)`
      : `DATA_FILE = ${pyStr(portablePath(r, e.data!.path))}  # relative to this script's folder`,
    `SIDECAR = ${pyStr(sidecarName)}  # beside this script: rows, split, statistics, initial parameters, batch order`,
    `DTYPE = torch.${s.precision}`,
    `EPOCHS = ${s.epochs}`,
    `BATCH_SIZE = ${s.batchSize === null ? 'None' : s.batchSize}  # None: full batch`,
    `SHUFFLE = ${pyValue(s.shuffle)}  # a fresh order every epoch (${dataFunction ? "the DataLoader's, from a torch.Generator seeded with the run's seed" : "from the sidecar, drawn by the engine's generator"})`,
    `MAX_STEPS = ${s.maxSteps === null ? 'None' : s.maxSteps}  # a cap on the optimizer steps, or None`,
    `L2 = ${pyFloat(e.l2)}  # explicit penalty: L2 * sum of squared weights (not biases), added to the training loss`,
    `CLIP = ${clip}`,
    `EARLY_STOPPING = ${early}`,
    `DIVERGENCE_FACTOR = ${pyFloat(s.divergenceFactor)}  # a training loss above this times the run's initial loss stops it (after each epoch; each step with full batches)`,
    `BATCH_EXPLOSION_FACTOR = ${pyFloat(BATCH_EXPLOSION_FACTOR)}  # a mini-batch loss above this times the initial loss stops the run mid-epoch`,
    `SCHEDULER_INTERVAL = ${schedule ? pyStr(schedule.interval) : 'None'}`,
    `PLATEAU_MONITOR = ${schedule?.plateauMonitor ? pyStr(schedule.plateauMonitor) : 'None'}`,
    `N_OUTPUTS = ${p.nOutputs}`,
    `CLASS_INDEX_TARGETS = ${pyValue(p.loss.name === 'cross_entropy')}`,
    `TASK_METRICS = ${pyStr(metrics)}`,
    '',
    '',
    dataFunction ? PY_FUNCTION_DATA : PY_DATA_READER,
    ...(e.data?.stream ? ['', PY_STREAM_READER] : []),
    '',
    '# ---------------------------------------------------------------------------------------------',
    '# Model and loss',
    '# ---------------------------------------------------------------------------------------------',
    ...(p.model.type === 'pytorch'
      ? [
          userModelImports(p.model, portablePath(r, p.model.path)),
          ...(p.model.loss ? [] : [`loss_fn = ${torchLoss(p.loss)}`]),
          '',
          '',
          userBuildModel(p.nFeatures, p.nOutputs, s.seed),
        ]
      : [
          `loss_fn = ${torchLoss(p.loss)}`,
          '',
          '',
          'def build_model(initial_params):',
          '    """The run\'s model, starting from the run\'s exact initial parameters (not re-drawn from torch\'s RNG)."""',
          `    model = ${torchModel(r)}.to(DTYPE)`,
          '    model.load_state_dict({k: torch.tensor(v, dtype=DTYPE) for k, v in initial_params.items()})',
          '    return model',
        ]),
    '',
    '',
    'def torch21_only(cls, **keywords):',
    '    """Keywords torch added in 2.1: passed where this torch has them; a non-default value cannot be dropped."""',
    '    accepted = inspect.signature(cls).parameters',
    '    for name, value in keywords.items():',
    '        if name not in accepted and value:',
    "            sys.exit('%s(%s=%r) needs torch >= 2.1; this is torch %s' % (cls.__name__, name, value, torch.__version__))",
    '    return {k: v for k, v in keywords.items() if k in accepted}',
    '',
    '',
    PY_TRAIN_LOOP,
  ].join('\n');
}
