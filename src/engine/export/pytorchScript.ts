// pytorchScript: A standalone script that reproduces one data run in PyTorch, and its sidecar JSON.
import type { ExportRun } from './loadRun';
import { dataFunctionOf, pyProblem, runHeader } from './pyProblem';
import { pyStr } from '../pyCode/pyLiteral';
import { torchOptimizerCall, torchSchedule } from '../pyCode/torchCode';
import { batching } from '../train/batching';
import { runDataSidecar } from './runData';
import { ConfigError } from '../errors';
import type { ExportOutput } from './types';

/** The sidecar's file name: beside the script, named after the run. */
export function sidecarName(runId: string): string {
  return `optlab-${runId.replace(/[^A-Za-z0-9._-]/g, '_')}.json`;
}

/** Notes on where torch versions differ for this optimizer, as comment lines. */
export function torchVersionNotes(name: string, what = 'this script'): string[] {
  const notes = [
    '# The engine follows torch 2.x. Under torch 1.13 the first moments use mul_/add_ instead of lerp_,',
    '# which changes the last bit of a step and nothing visible at float64.',
  ];
  if (name === 'NAdam') {
    notes.push(
      '# NAdam: torch < 2.0 counts mu twice in mu_product (fixed by pytorch PR #92699 in torch 2.0). Under',
      `# torch 1.13 ${what} therefore does NOT reproduce the run: the losses differ from the first`,
      '# update on (about 1e-3 relative on the diabetes example). Use torch >= 2.0 to reproduce it.',
    );
  }
  return notes;
}

type DataRun = ExportRun & { spec: { problem: { kind: 'dataset' } } };

function asDataRun(r: ExportRun, target: string): DataRun {
  if (r.spec.problem.kind !== 'dataset') {
    throw new ConfigError(
      `--to ${target} trains a model on a data file; run ${r.run.id} minimizes a 2-D surface (use --to pytorch for its optimizer code)`,
    );
  }
  return r as DataRun;
}

/** Python that builds the run's optimizer and scheduler, as two factory functions. */
export function factories(r: DataRun): string {
  const s = r.spec;
  const { perEpoch } = batching(s.batchSize, s.problem.trainRows);
  const schedule = s.schedule
    ? torchSchedule(s.schedule, { stepsPerEpoch: perEpoch, epochs: s.epochs })
    : null;
  const indent = (t: string) => t.replace(/^/gm, '    ');
  return [
    'def make_optimizer(params):',
    '    """The run\'s optimizer, every hyperparameter written out (none left to torch\'s defaults)."""',
    ...torchVersionNotes(s.optimizer.name).map((l) => `    ${l}`),
    indent(torchOptimizerCall(s.optimizer, 'params', 'script')),
    '    return optimizer',
    '',
    '',
    'def make_scheduler(optimizer):',
    schedule
      ? [`    ${schedule.stepping}`, indent(schedule.code), '    return scheduler'].join('\n')
      : '    return None  # the run used a constant learning rate',
  ].join('\n');
}

const MAIN = String.raw`def main():
    parser = argparse.ArgumentParser(description='Reproduce an Optimizer Lab run with PyTorch.')
    parser.add_argument('--data', default=str(HERE / DATA_FILE), help='the data file (default: the one the run read)')
    parser.add_argument('--sidecar', default=str(HERE / SIDECAR))
    args = parser.parse_args()
    with open(args.sidecar, encoding='utf-8') as f:
        sidecar = json.load(f)
    torch.set_default_dtype(DTYPE)
    if sidecar.get('optimizer') == 'NAdam' and int(torch.__version__.split('.')[0]) < 2:
        print('warning: torch %s has the NAdam mu_product bug fixed in torch 2.0; the losses will differ from the run' % torch.__version__, file=sys.stderr)
    data = load_data(args.data, sidecar['data'], DTYPE)
    model = build_model(sidecar['initial_params'])
    optimizer = make_optimizer(model.parameters())
    scheduler = make_scheduler(optimizer)
    result = train(model, data, optimizer, scheduler, sidecar['batch_orders'])
    engine = sidecar['engine']
    for key in ('final_train_loss', 'final_val_loss'):
        ours, theirs = result[key], engine[key]
        if finite(ours) and finite(theirs):
            print('%s %r, the engine had %r (relative difference %.1e)' % (key, ours, theirs, abs(ours - theirs) / max(abs(theirs), 1e-300)))
    print(json.dumps({k: (v if not isinstance(v, float) or math.isfinite(v) else None) for k, v in result.items()}))


if __name__ == '__main__':
    main()
`;

/**
 * A standalone script that reproduces one data run in PyTorch, and its sidecar JSON: the same file
 * read with the same rules, the same kept rows, split and standardization (or the model file's data
 * function called and batched as the runner did: pyFunctionData.ts), the run's initial
 * parameters, the engine's batch order, loss, L2 penalty, clipping, schedule stepping, early
 * stopping and divergence checks. It prints the losses after every epoch; its last line is JSON.
 */
export async function pytorchScript(run: ExportRun): Promise<ExportOutput> {
  const r = asDataRun(run, 'pytorch-script');
  const name = sidecarName(r.run.id);
  const sidecar = { ...(await runDataSidecar(r)), optimizer: r.spec.optimizer.name };
  const fn = dataFunctionOf(r);
  const text = [
    '#!/usr/bin/env python3',
    ...(fn === null
      ? [
          '# Reproduces one Optimizer Lab run with PyTorch: the same data file, rows, split and standardization,',
          '# the same initial parameters and batch order, the same loss, optimizer, schedule, clipping and early',
          '# stopping. Prints the losses after every epoch; the last line of output is JSON.',
        ]
      : [
          "# Reproduces one Optimizer Lab run with PyTorch: your model file's data function called as the run",
          '# called it (after torch.manual_seed(0)), batched by the same DataLoaders (shuffled by a generator',
          "# seeded with the run's seed), the same initial parameters, loss, optimizer, schedule, clipping and",
          '# early stopping. Prints the losses after every epoch; the last line of output is JSON.',
        ]),
    '#',
    ...runHeader(r),
    '#',
    `# Needs PyTorch (1.13 or 2.x) and the sidecar ${pyStr(name)} beside this script.`,
    `# Usage: python3 <this file> ${fn === null ? '[--data PATH] ' : ''}[--sidecar PATH]`,
    '',
    pyProblem(r, name),
    '',
    '# ---------------------------------------------------------------------------------------------',
    '# Optimizer and scheduler of the run',
    '# ---------------------------------------------------------------------------------------------',
    factories(r),
    '',
    '',
    fn === null
      ? MAIN
      : MAIN.replace(
          "help='the data file (default: the one the run read)'",
          "help='not read: the data come from your data function'",
        ),
  ].join('\n');
  return { text, sidecars: [{ name, text: `${JSON.stringify(sidecar)}\n` }] };
}

export { asDataRun };
