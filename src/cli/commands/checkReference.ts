// `optimizer-lab check-reference`: Replay reference trajectories recorded with PyTorch and compare step by
// step.
import { resolve } from 'node:path';
import { EXIT, type CliCommand } from '../command';
import { ConfigError } from '../../engine/errors';
import { checkReference, DEFAULT_REL_TOL, type ReferenceReport } from '../../engine/reference/checkReference';

function fmt(v: number): string {
  return v === 0 ? '0' : v.toExponential(2);
}

function describe(r: ReferenceReport, file: string): string {
  const lines = [`${r.pass ? 'PASS' : 'FAIL'} ${r.case} (${file}), ${r.steps} steps`];
  for (const [name, t] of Object.entries(r.trajectories)) {
    const measured = t.kind === 'rel' ? t.maxRelErr : t.maxAbsErr;
    lines.push(
      `  ${t.pass ? 'ok  ' : 'FAIL'} ${name.padEnd(24)} max abs ${fmt(t.maxAbsErr)}  max rel ${fmt(t.maxRelErr)}  ` +
        `(${t.kind} ${fmt(measured)} ${t.pass ? '<=' : '>'} ${fmt(t.tolerance)}, ${t.compared} values)`,
    );
  }
  for (const n of r.notes) lines.push(`  note: ${n}`);
  return lines.join('\n') + '\n';
}

/** The JSON of one report: the contract's fields first, then the per-trajectory details. */
function toJson(r: ReferenceReport): Record<string, unknown> {
  return {
    case: r.case,
    steps: r.steps,
    max_abs_err: r.max_abs_err,
    max_rel_err: r.max_rel_err,
    pass: r.pass,
    [r.loss_key]: r.losses,
    final_params: r.final_params,
    trajectories: r.trajectories,
    notes: r.notes,
  };
}

export const checkReferenceCommand: CliCommand = {
  name: 'check-reference',
  summary: 'Replay reference trajectories recorded with PyTorch and compare step by step',
  usage: 'check-reference <case.json> [more.json ...] [--json] [--tol T]',
  help: `Replays a reference case recorded with real PyTorch (the golden format: see
docs/recording-references.md) with the engine's own models, losses, optimizers, schedules and
clipping, and reports the largest absolute and relative error of each trajectory: losses (or
batch_losses for mini-batch cases), per-epoch losses, the 2-D trajectory and the final parameters.

A case is held to its own "tolerance" object when it has one, else to ${DEFAULT_REL_TOL} relative.

Options:
  --json    Print {"case", "steps", "max_abs_err", "max_rel_err", "pass", "losses" (or
            "batch_losses"), "final_params", "trajectories", "notes"} (an array for several cases).
  --tol T   Hold every trajectory to the relative tolerance T instead (parameters relative to
            their largest magnitude).

Exit codes: 0 every case within tolerance, 1 a case outside it or unreadable, 2 internal error.`,
  options: { json: { type: 'boolean' }, tol: { type: 'string' } },
  positionals: [1, Infinity],
  async run(files, values, io) {
    let tol: number | undefined;
    if (typeof values['tol'] === 'string') {
      tol = Number(values['tol']);
      if (!(Number.isFinite(tol) && tol >= 0))
        throw new ConfigError(`--tol must be a number >= 0, got "${values['tol']}"`);
    }
    const reports: ReferenceReport[] = [];
    for (const file of files) {
      const report = await checkReference(resolve(io.cwd, file), tol === undefined ? {} : { tol });
      reports.push(report);
      if (!values['json']) io.stdout(describe(report, file));
    }
    if (values['json']) {
      const out = reports.length === 1 ? toJson(reports[0]!) : reports.map(toJson);
      io.stdout(`${JSON.stringify(out)}\n`);
    } else if (reports.length > 1) {
      const passed = reports.filter((r) => r.pass).length;
      io.stdout(`${passed} of ${reports.length} cases within tolerance\n`);
    }
    return reports.every((r) => r.pass) ? EXIT.ok : EXIT.user;
  },
};
