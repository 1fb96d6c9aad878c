// RunsNode: A node of the runs tree as plain data (also recordNode, shownStatus, runNodes, isLrTestRecord,
// …).
import { formatNumber } from '../engine/format';
import { bestRunId, describeBest } from '../engine/verdict/recordVerdict';
import { runningElsewhere, statusText, type RecordEntry } from '../engine/runs/records';
import type { RunRecord, RunSummary } from '../protocol/record';
import { diagnosisLines, lrRemedy } from '../engine/doctor/remedy';

/** A node of the runs tree as plain data; runsTree.ts turns it into a vscode.TreeItem. */
export interface RunsNode {
  kind: 'record' | 'run' | 'broken' | 'group';
  /** Stable id (the record folder, plus the run id for runs). */
  id: string;
  recordDir: string;
  runId: string | null;
  label: string;
  description: string;
  tooltip: string;
  /** A codicon id and the theme colour it is drawn in. */
  icon: string;
  color: string | null;
  /** `contextValue`: which context-menu entries apply (package.json menus match on it). */
  contextValue: string;
  collapsible: boolean;
}

type Status = RunSummary['status'] | RunRecord['status'];

/** Status → codicon and colour; the spin modifier animates running items. */
const ICONS: Record<Status, { icon: string; color: string | null }> = {
  queued: { icon: 'clock', color: null },
  running: { icon: 'sync~spin', color: 'charts.blue' },
  done: { icon: 'pass', color: 'testing.iconPassed' },
  'early-stopped': { icon: 'debug-step-out', color: 'testing.iconPassed' },
  diverged: { icon: 'flame', color: 'charts.orange' },
  cancelled: { icon: 'circle-slash', color: 'disabledForeground' },
  pruned: { icon: 'debug-step-over', color: 'disabledForeground' },
  failed: { icon: 'error', color: 'testing.iconFailed' },
  interrupted: { icon: 'debug-disconnect', color: 'charts.orange' },
};

// How a number reads in the tree: the one number format of every view.

function when(iso: string): string {
  return iso.replace('T', ' ').replace(/:\d\d(\.\d+)?Z$/, '');
}

/**
 * A record's context menu: running (cancel), a search that stopped before its end (resume: it was
 * cancelled, failed, or left "running" by a session that is gone), or any other record.
 */
function contextOf(dir: string, r: RunRecord, live: (dir: string) => boolean): string {
  if (live(dir)) return 'optimizerLab.record.running';
  // Another machine may still be writing it: nothing to resume from here.
  if (runningElsewhere(r) !== null) return 'optimizerLab.record';
  const search = r.experiment['search'] !== undefined && r.experiment['search'] !== null;
  return search && r.status !== 'done' ? 'optimizerLab.record.resumable' : 'optimizerLab.record';
}

/** One record: its name, when it ran, how many runs ended and the best objective. */
export function recordNode(
  entry: RecordEntry,
  starred: (runId: string) => boolean = () => false,
  /** Whether this session runs the record now; a record left "running" by a crash is not live. */
  live: (dir: string) => boolean = () => entry.ok && entry.record.status === 'running',
): RunsNode {
  if (!entry.ok) {
    const name = entry.dir.split(/[\\/]/).pop() ?? entry.dir;
    return {
      kind: 'broken',
      id: entry.dir,
      recordDir: entry.dir,
      runId: null,
      label: name,
      description: 'unreadable',
      tooltip: entry.error,
      icon: 'warning',
      color: 'problemsWarningIcon.foreground',
      contextValue: 'optimizerLab.brokenRecord',
      collapsible: false,
    };
  }
  const r = entry.record;
  const finished = r.runs.filter((s) => s.status !== 'queued' && s.status !== 'running').length;
  const best = describeBest(r);
  const stars = r.runs.filter((s) => starred(s.id)).length;
  const { icon, color } = ICONS[r.status];
  const elsewhere = runningElsewhere(r);
  const objective = `${r.objective.use} ${r.objective.metric}`;
  return {
    kind: 'record',
    id: entry.dir,
    recordDir: entry.dir,
    runId: null,
    label: r.name,
    description: `${when(r.createdAt)} · ${finished}/${r.runs.length} runs${stars ? ` · ${stars}★` : ''}${elsewhere !== null ? ` · ${statusText(r)}` : ''}`,
    tooltip: [
      `${r.name} (${statusText(r)})${r.status === 'interrupted' ? ': the process writing it is gone (killed or crashed)' : ''}`,
      ...(r.message ? [r.message] : []),
      `started ${r.createdAt}${r.finishedAt ? `, finished ${r.finishedAt}` : ''}`,
      r.dataset ? `data: ${r.dataset.file} (${r.dataset.rows} rows, ${r.dataset.task})` : 'loss surface',
      `objective: ${r.objective.mode} ${objective}`,
      best ? `best: ${best}` : 'no finished run yet',
      entry.dir,
    ].join('\n'),
    icon,
    color,
    contextValue: contextOf(entry.dir, r, live),
    collapsible: r.runs.length > 0,
  };
}

/**
 * The status a run shows, which the record's summary alone does not tell: a summary is written when
 * its run ends, so a run that streams progress now still says "queued" there; and a run still
 * "queued" or "running" in a record no session runs any more ended with its record (cancelled,
 * failed) or was interrupted (a crash, a closed window).
 */
export function shownStatus(
  run: RunSummary,
  record: RunRecord,
  live: boolean,
  progressing: boolean,
): { status: string; icon: Status } {
  const unfinished = run.status === 'queued' || run.status === 'running';
  if (!unfinished) return { status: run.status, icon: run.status };
  if (live)
    return progressing ? { status: 'running', icon: 'running' } : { status: run.status, icon: run.status };
  const host = runningElsewhere(record);
  if (host !== null) return { status: `${run.status} on ${host} (cannot check)`, icon: run.status };
  if (record.status === 'cancelled' || record.status === 'failed') {
    return { status: record.status, icon: record.status };
  }
  return { status: 'interrupted', icon: 'cancelled' };
}

/**
 * The runs of a record: the best run (the median seed of the best configuration) first, then by
 * their configuration's rank, then unranked runs in their original order.
 */
export function runNodes(
  dir: string,
  record: RunRecord,
  starred: (runId: string) => boolean = () => false,
  /** Whether this session runs the record now (only then can its runs be cancelled). */
  live: boolean = record.status === 'running',
  /** Whether a run of a live record has streamed progress (it runs, though its summary says queued). */
  progressing: (runId: string) => boolean = () => false,
): RunsNode[] {
  const best = bestRunId(record);
  const order = record.runs
    .map((run, i) => ({ run, i }))
    .sort(
      (a, b) =>
        Number(b.run.id === best) - Number(a.run.id === best) ||
        (a.run.rank ?? Infinity) - (b.run.rank ?? Infinity) ||
        a.i - b.i,
    );
  const active = (status: string) => live && (status === 'queued' || status === 'running');
  return order.map(({ run }) => {
    const shown = shownStatus(run, record, live, progressing(run.id));
    const { icon, color } = ICONS[shown.icon];
    const star = starred(run.id);
    const rank = run.rank !== null ? `#${run.rank} ` : '';
    const seed = record.runs.some((o) => o.seed !== run.seed) ? ` seed ${run.seed}` : '';
    const fold = run.fold !== null ? ` fold ${run.fold}` : '';
    return {
      kind: 'run',
      id: `${dir}#${run.id}`,
      recordDir: dir,
      runId: run.id,
      label: `${star ? '★ ' : ''}${rank}${run.label}${seed}${fold}`,
      description: `${run.id === best ? 'best · ' : ''}${shown.status} · ${record.objective.metric} ${formatNumber(run.objective)}`,
      tooltip: [
        `${run.label} (${run.id})`,
        `status: ${shown.status}${run.message ? ` — ${run.message}` : ''}`,
        // A run that never ended has no totals to report.
        ...(shown.status === run.status && run.status !== 'queued' && run.status !== 'running'
          ? [`steps ${run.steps}, epochs ${run.epochs}, ${Math.round(run.elapsed_ms)} ms`]
          : []),
        `final train loss ${formatNumber(run.final_train_loss)}, final val loss ${formatNumber(run.final_val_loss)}`,
        `config: ${JSON.stringify(run.config)}`,
        ...diagnosisLines(run.diagnoses),
      ].join('\n'),
      icon,
      color,
      // `.active`: a run still queued or running, which its context menu can cancel on its own.
      // `.remedy`: the doctor has a learning-rate remedy that can be applied in one action.
      contextValue: `optimizerLab.run${active(run.status) ? '.active' : ''}${star ? '.starred' : ''}${lrRemedy(run.config, run.diagnoses) ? '.remedy' : ''}`,
      collapsible: false,
    };
  });
}

/**
 * Whether a record is an LR range test (Find Learning Rate keeps its sweep as a record named
 * `<experiment> (LR range test)` in a `…-lr-find` folder): listed apart from the experiments' runs.
 */
export function isLrTestRecord(entry: RecordEntry): boolean {
  return entry.ok && (entry.record.id.endsWith('-lr-find') || entry.record.name.endsWith('(LR range test)'));
}

/** The folder node that holds the LR range tests, after the records. */
export function lrTestGroupNode(count: number): RunsNode {
  return {
    kind: 'group',
    id: 'optimizerLab.lrTests',
    recordDir: '',
    runId: null,
    label: 'LR range tests',
    description: String(count),
    tooltip: 'Sweeps made by Find Learning Rate, kept apart from the experiments’ runs.',
    icon: 'graph-line',
    color: null,
    contextValue: 'optimizerLab.lrTests',
    collapsible: true,
  };
}
