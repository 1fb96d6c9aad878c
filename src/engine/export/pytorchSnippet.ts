// pytorchSnippet: The run's configuration as PyTorch to paste into a training loop.
import type { ExportRun } from './loadRun';
import type { ExportOutput } from './types';
import { pyFloat, pyStr } from '../pyCode/pyLiteral';
import { torchOptimizerCall, torchSchedule } from '../pyCode/torchCode';
import { scheduleContext } from './exportContext';
import { runHeader, torchLoss, torchModel } from './pyProblem';
import { torchVersionNotes } from './pytorchScript';

/**
 * The run's configuration as PyTorch to paste into a training loop: the torch.optim constructor
 * with every hyperparameter written out, the lr scheduler with its stepping, and the clipping,
 * L2 penalty and early-stopping lines where the run used them, inside a `fit` function.
 */
export function pytorchSnippet(r: ExportRun): ExportOutput {
  const s = r.spec;
  const ctx = scheduleContext(r);
  const schedule = s.schedule ? torchSchedule(s.schedule, ctx) : null;
  const indent = (t: string, n = 1) => t.replace(/^(?=.)/gm, '    '.repeat(n));
  const data = s.problem.kind === 'dataset' ? s.problem : null;
  const l2 = (r.experiment as { l2?: number }).l2 ?? 0;
  const es = s.earlyStopping;
  const clip = s.gradClip;

  const head: string[] = [
    `# PyTorch: the configuration of an Optimizer Lab run, to paste into a training loop.`,
    ...runHeader(r),
    ...torchVersionNotes(s.optimizer.name, 'this code'),
    '',
    'import torch',
    '',
  ];
  if (data) {
    head.push(
      `# The run trained ${torchModel(r as never)
        .replace(/\n\s*/g, ' ')
        .replace('( ', '(')
        .replace(', )', ')')} with`,
      `# loss_fn = ${torchLoss(data.loss)}${l2 !== 0 ? ` plus ${l2} * (sum of squared weights)` : ''}, ${s.epochs} epochs,`,
      `# batches of ${s.batchSize ?? `${data.trainRows} rows (full batch)`}${s.shuffle && s.batchSize !== null ? ', reshuffled every epoch (DataLoader(shuffle=True, drop_last=False))' : ''}.`,
      '',
      '',
    );
  }

  const step: string[] = [];
  step.push('optimizer.zero_grad()');
  step.push('loss = loss_fn(model(X), y)');
  if (l2 !== 0) {
    step.push(
      `loss = loss + ${pyFloat(l2)} * sum((p * p).sum() for name, p in model.named_parameters() if name.endswith(${pyStr('weight')}))  # the run's explicit L2 penalty (weights only)`,
    );
  }
  step.push('loss.backward()');
  if (clip && 'max_norm' in clip) {
    step.push(
      `torch.nn.utils.clip_grad_norm_(model.parameters(), max_norm=${pyFloat(clip.max_norm)}, norm_type=${clip.norm_type === 'inf' ? "float('inf')" : pyFloat(clip.norm_type)})`,
    );
  } else if (clip) {
    step.push(`torch.nn.utils.clip_grad_value_(model.parameters(), clip_value=${pyFloat(clip.clip_value)})`);
  }
  step.push('optimizer.step()');
  const plateauArg = (perStep: boolean) =>
    schedule?.plateauMonitor === 'train_loss'
      ? perStep
        ? 'loss.item()'
        : 'train_loss_of(model)'
      : 'val_loss_of(model)';
  if (schedule?.interval === 'step')
    step.push(schedule.plateauMonitor ? `scheduler.step(${plateauArg(true)})` : 'scheduler.step()');

  if (s.problem.kind === 'surface') return surfaceSnippet(r, head, step, schedule);

  const epoch: string[] = [];
  epoch.push('for X, y in train_loader:', indent(step.join('\n')));
  if (schedule?.interval === 'epoch') {
    epoch.push(schedule.plateauMonitor ? `scheduler.step(${plateauArg(false)})` : 'scheduler.step()');
  }
  if (es) {
    const better =
      es.mode === 'min'
        ? `value < best - ${pyFloat(es.min_delta)}`
        : `value > best + ${pyFloat(es.min_delta)}`;
    const value =
      es.monitor === 'train_loss'
        ? 'train_loss_of(model)'
        : es.monitor === 'val_loss'
          ? 'val_loss_of(model)'
          : `${es.monitor.replace(/[^a-z_]/g, '')}_of(model)`;
    epoch.push(
      `value = ${value}  # early stopping on ${pyStr(es.monitor)}, Keras semantics`,
      `if ${better}:`,
      `    best, bad = value, 0`,
      ...(es.restore_best
        ? ['    best_state = {k: v.detach().clone() for k, v in model.state_dict().items()}']
        : []),
      'else:',
      '    bad += 1',
      `    if bad >= ${Math.max(es.patience, 1)}:`,
      '        break',
    );
  }

  const body: string[] = [indent(torchOptimizerCall(s.optimizer, 'model.parameters()', 'snippet'))];
  if (schedule) body.push(`    ${schedule.stepping}`, indent(schedule.code));
  if (es) {
    body.push(
      '    # The run also scored the weights before training as the first best value.',
      `    best, bad = ${es.monitor === 'train_loss' ? 'train_loss_of(model)' : es.monitor === 'val_loss' ? 'val_loss_of(model)' : `${es.monitor.replace(/[^a-z_]/g, '')}_of(model)`}, 0`,
      ...(es.restore_best
        ? ['    best_state = {k: v.detach().clone() for k, v in model.state_dict().items()}']
        : []),
    );
  }
  body.push(`    for epoch in range(${s.epochs}):`, indent(epoch.join('\n'), 2));
  if (es?.restore_best)
    body.push("    model.load_state_dict(best_state)  # the run kept the best epoch's weights");
  body.push('    return model');

  const args =
    data === null
      ? 'model, train_loader, loss_fn'
      : ['model', 'train_loader', 'loss_fn', ...neededHelpers(s, schedule?.plateauMonitor ?? null)].join(
          ', ',
        );
  const parts = [
    'optimizer',
    ...(schedule ? ['schedule'] : []),
    ...(clip ? ['clipping'] : []),
    ...(es ? ['early stopping'] : []),
  ];
  const what =
    parts.length === 1 ? parts[0] : `${parts.slice(0, -1).join(', ')} and ${parts[parts.length - 1]}`;
  const helpers = args
    .split(', ')
    .filter((a) => a.endsWith('_of'))
    .map((a) =>
      a === 'train_loss_of'
        ? 'train_loss_of(model) the loss on the whole training split'
        : `${a}(model) returns the ${a.replace(/_of$/, '').replace(/^val_/, 'validation ').replace('_', ' ')} as a float`,
    );
  const doc = [
    `    """Trains \`model\` with the run's ${what}.`,
    '',
    `    train_loader yields (X, y) batches${helpers.length ? `; ${helpers.join('; ')}` : ''}.`,
    '    """',
  ];
  const text = [...head, `def fit(${args}):`, ...doc, ...body, ''].join('\n');
  return { text, sidecars: [] };
}

function neededHelpers(s: ExportRun['spec'], plateau: string | null): string[] {
  const out = new Set<string>();
  if (plateau === 'val_loss') out.add('val_loss_of');
  if (plateau === 'train_loss' && s.schedule?.interval === 'epoch') out.add('train_loss_of');
  const m = s.earlyStopping?.monitor;
  if (m === 'val_loss') out.add('val_loss_of');
  else if (m === 'train_loss') out.add('train_loss_of');
  else if (m) out.add(`${m.replace(/[^a-z_]/g, '')}_of`);
  return [...out];
}

/** A 2-D surface run: the optimizer moves one point `xy` for the run's number of steps. */
function surfaceSnippet(
  r: ExportRun,
  head: string[],
  step: string[],
  schedule: ReturnType<typeof torchSchedule> | null,
): ExportOutput {
  const p = r.spec.problem as { name: string; start: [number, number] };
  const indent = (t: string, n = 1) => t.replace(/^(?=.)/gm, '    '.repeat(n));
  const body = step
    .map((l) =>
      l.replace('loss = loss_fn(model(X), y)', 'loss = f(xy)').replace(/model\.parameters\(\)/g, '[xy]'),
    )
    .join('\n');
  const lines = [
    ...head,
    `# The run minimized the ${pyStr(p.name)} surface from (${pyFloat(p.start[0])}, ${pyFloat(p.start[1])}) for ${r.spec.epochs} steps.`,
    '',
    '',
    `def minimize(f, start=(${pyFloat(p.start[0])}, ${pyFloat(p.start[1])})):`,
    '    """Minimizes f(xy) (a function of a 2-element tensor) with the run\'s optimizer; returns the last point."""',
    '    xy = torch.tensor(start, dtype=torch.float64, requires_grad=True)',
    indent(torchOptimizerCall(r.spec.optimizer, '[xy]', 'snippet')),
    ...(schedule ? [`    ${schedule.stepping}`, indent(schedule.code)] : []),
    `    for step in range(${r.spec.epochs}):`,
    indent(body, 2),
    ...(schedule && schedule.interval === 'epoch'
      ? [indent(schedule.plateauMonitor ? 'scheduler.step(loss.item())' : 'scheduler.step()', 2)]
      : []),
    '    return xy.detach()',
    '',
  ];
  return { text: lines.join('\n'), sidecars: [] };
}
