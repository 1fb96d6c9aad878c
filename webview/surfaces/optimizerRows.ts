// OptimizerRow: One optimizer row of the explorer's form (also defaultRows, rowConfig).
import {
  optimizerConfigSchema,
  optimizerNames,
  optimizerSchemas,
  type OptimizerConfigInput,
  type OptimizerName,
} from '../../src/protocol/optimizers';

/** One optimizer row of the explorer's form. */
export interface OptimizerRow {
  name: OptimizerName;
  enabled: boolean;
  lr: string;
  /** SGD only: momentum, as typed. */
  momentum: string;
}

/** Starting learning rates that make each optimizer's path worth watching on the classic surfaces. */
const EXPLORER_LR: Partial<Record<OptimizerName, number>> = {
  SGD: 0.001,
  Adagrad: 0.5,
  RMSprop: 0.01,
  Adam: 0.05,
};

/** A row per torch.optim optimizer; SGD, Adam and RMSprop on at first. */
export function defaultRows(): OptimizerRow[] {
  return optimizerNames.map((name) => {
    const torchDefault = (optimizerSchemas[name].parse({ name }) as { lr: number }).lr;
    return {
      name,
      enabled: name === 'SGD' || name === 'Adam' || name === 'RMSprop',
      lr: String(EXPLORER_LR[name] ?? torchDefault),
      momentum: name === 'SGD' ? '0.9' : '',
    };
  });
}

/** A row's configuration validated with the experiment schema, or the message of its first problem. */
export function rowConfig(
  row: OptimizerRow,
): { ok: true; config: OptimizerConfigInput } | { ok: false; field: string; message: string } {
  const lr = Number(row.lr);
  if (row.lr.trim() === '' || !Number.isFinite(lr))
    return { ok: false, field: 'lr', message: `lr: expected a number, got "${row.lr}"` };
  const input: Record<string, unknown> = { name: row.name, lr };
  if (row.name === 'SGD' && row.momentum.trim() !== '') {
    const m = Number(row.momentum);
    if (!Number.isFinite(m))
      return { ok: false, field: 'momentum', message: `momentum: expected a number, got "${row.momentum}"` };
    input['momentum'] = m;
  }
  const parsed = optimizerConfigSchema.safeParse(input);
  if (parsed.success) return { ok: true, config: input as OptimizerConfigInput };
  const issue = parsed.error.issues[0]!;
  const field = String(issue.path[0] ?? 'lr');
  return { ok: false, field, message: `${field}: ${issue.message}` };
}
