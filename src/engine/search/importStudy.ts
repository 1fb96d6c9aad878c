// An Optuna study's results as a search record, so a search that ran elsewhere (the `--to optuna`
// export on a cluster) is viewed with the lab's charts: the trials come from Optuna's journal file
// (JournalFileStorage, Optuna 3.1's format) or from `study.trials_dataframe().to_csv(...)`; the
// experiment, data description and objective come from the record the sweep was exported from.
import { promises as fs } from 'node:fs';
import { join } from 'node:path';
import Papa from 'papaparse';
import { ConfigError } from '../errors';
import { readRecord, recordId, writeRecord } from '../runs/records';
import { writeFileAtomic } from '../runs/atomicWrite';
import { SEARCH_FILE } from './searchState';
import { shortNumber } from '../experiment/labels';
import { TRIAL_LABEL_DIGITS } from './space';
import {
  OPTIMIZER_PARAM,
  SEARCH_FORMAT,
  SEARCH_VERSION,
  type ChoiceValue,
  type ResolvedSearch,
  type SearchState,
  type TrialState,
} from '../../protocol/search';
import type { RunRecord, RunSummary } from '../../protocol/record';

/** One trial of a study, as both formats give it. */
export interface StudyTrial {
  number: number;
  state: 'RUNNING' | 'COMPLETE' | 'PRUNED' | 'FAIL' | 'WAITING';
  value: number | null;
  /** Optuna's parameter names (conditional ones `<optimizer>/<name>`) and external values. */
  params: Record<string, ChoiceValue>;
  /** [epoch, value] pairs the trial reported (journal only; a CSV does not hold them). */
  intermediate: [number, number][];
  durationMs: number;
}

/** A study read from a file. */
export interface Study {
  name: string;
  direction: 'minimize' | 'maximize' | null;
  trials: StudyTrial[];
}

const STATES = ['RUNNING', 'COMPLETE', 'PRUNED', 'FAIL', 'WAITING'] as const;

/** An Optuna distribution's external value of an internal one (journal `param_value_internal`). */
function externalValue(distribution: unknown, internal: number, where: string): ChoiceValue {
  const d = (typeof distribution === 'string' ? JSON.parse(distribution) : distribution) as {
    name?: string;
    attributes?: { choices?: ChoiceValue[] };
  };
  if (d.name === 'CategoricalDistribution') {
    const v = d.attributes?.choices?.[internal];
    if (v === undefined) throw new ConfigError(`${where}: category index ${internal} is out of range`);
    return v;
  }
  if (
    d.name === 'IntDistribution' ||
    d.name === 'IntUniformDistribution' ||
    d.name === 'IntLogUniformDistribution'
  )
    return Math.round(internal);
  return internal;
}

/**
 * Replays an Optuna journal file (one JSON operation per line, Optuna 3.1's JournalOperation codes:
 * 0 create study, 4 create trial, 5 set param, 6 set state and values, 7 intermediate value) into
 * its studies. A line that is not JSON is a ConfigError naming the line.
 */
export function readOptunaJournal(text: string, file: string): Study[] {
  const studies = new Map<number, Study>();
  const trials: { study: number; trial: StudyTrial; start: number | null }[] = [];
  const lines = text.split('\n');
  lines.forEach((line, i) => {
    if (line.trim() === '') return;
    const where = `${file}:${i + 1}`;
    let op: Record<string, unknown>;
    try {
      op = JSON.parse(line) as Record<string, unknown>;
    } catch {
      throw new ConfigError(`${where}: not a line of an Optuna journal (not JSON)`);
    }
    const code = op['op_code'];
    if (code === 0) {
      const directions = op['directions'] as number[] | undefined;
      studies.set(studies.size, {
        name: String(op['study_name']),
        direction: directions?.[0] === 2 ? 'maximize' : directions?.[0] === 1 ? 'minimize' : null,
        trials: [],
      });
    } else if (code === 4) {
      const study = Number(op['study_id']);
      if (!studies.has(study)) return;
      const params: Record<string, ChoiceValue> = {};
      const dists = (op['distributions'] ?? {}) as Record<string, unknown>;
      for (const [k, v] of Object.entries((op['params'] ?? {}) as Record<string, number>))
        params[k] = externalValue(dists[k], v, where);
      const t: StudyTrial = {
        number: studies.get(study)!.trials.length,
        state: STATES[Number(op['state'] ?? 0)] ?? 'RUNNING',
        value: typeof op['value'] === 'number' ? op['value'] : null,
        params,
        intermediate: [],
        durationMs: 0,
      };
      studies.get(study)!.trials.push(t);
      const start = typeof op['datetime_start'] === 'string' ? Date.parse(op['datetime_start']) : null;
      trials.push({ study, trial: t, start });
    } else if (code === 5 || code === 6 || code === 7) {
      const entry = trials[Number(op['trial_id'])];
      if (!entry) throw new ConfigError(`${where}: trial ${String(op['trial_id'])} was never created`);
      const t = entry.trial;
      if (code === 5) {
        t.params[String(op['param_name'])] = externalValue(
          op['distribution'],
          Number(op['param_value_internal']),
          where,
        );
      } else if (code === 6) {
        t.state = STATES[Number(op['state'])] ?? t.state;
        const values = op['values'] as number[] | null;
        if (values && values.length > 0) t.value = values[0]!;
        if (t.state === 'RUNNING' && typeof op['datetime_start'] === 'string')
          entry.start = Date.parse(op['datetime_start']);
        if (typeof op['datetime_complete'] === 'string' && entry.start !== null)
          t.durationMs = Date.parse(op['datetime_complete']) - entry.start;
      } else {
        t.intermediate.push([Number(op['step']), Number(op['intermediate_value'])]);
      }
    }
  });
  return [...studies.values()];
}

/**
 * Reads `study.trials_dataframe().to_csv(path)`: columns number, value, state, duration and
 * `params_<name>`. Without a value column (a multi-objective study) it is a ConfigError.
 */
export function readTrialsCsv(text: string, file: string): Study {
  const parsed = Papa.parse<Record<string, string>>(text.replace(/^\uFEFF/, ''), {
    header: true,
    skipEmptyLines: true,
  });
  const fields = parsed.meta.fields ?? [];
  for (const need of ['number', 'value', 'state'])
    if (!fields.includes(need))
      throw new ConfigError(`${file}: no "${need}" column; expected study.trials_dataframe().to_csv(...)`);
  const num = (s: string | undefined): number | null => (s === undefined || s === '' ? null : Number(s));
  const trials = parsed.data.map((row, i): StudyTrial => {
    const params: Record<string, ChoiceValue> = {};
    for (const f of fields) {
      if (!f.startsWith('params_') || row[f] === undefined || row[f] === '') continue;
      const raw = row[f]!;
      params[f.slice('params_'.length)] =
        raw === 'True' ? true : raw === 'False' ? false : Number.isFinite(Number(raw)) ? Number(raw) : raw;
    }
    const state = row['state'] as StudyTrial['state'];
    if (!STATES.includes(state))
      throw new ConfigError(`${file}: row ${i + 2}: unknown state "${row['state']}"`);
    const duration = /(\d+) days (\d+):(\d+):([\d.]+)/.exec(row['duration'] ?? '');
    return {
      number: num(row['number']) ?? i,
      state,
      value: num(row['value']),
      params,
      intermediate: [],
      durationMs: duration
        ? ((Number(duration[1]) * 24 + Number(duration[2])) * 60 + Number(duration[3])) * 60000 +
          Number(duration[4]) * 1000
        : 0,
    };
  });
  return { name: file.replace(/^.*[\\/]/, '').replace(/\.csv$/i, ''), direction: null, trials };
}

/** The study in a file: a journal (any other extension) or a CSV (`.csv`); `name` picks among several. */
export async function readStudyFile(file: string, name?: string): Promise<Study> {
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch (e) {
    throw new ConfigError(`${file} cannot be read: ${(e as Error).message}`);
  }
  if (/\.csv$/i.test(file)) return readTrialsCsv(text, file);
  const studies = readOptunaJournal(text, file);
  if (studies.length === 0) throw new ConfigError(`${file} holds no Optuna study`);
  if (name !== undefined) {
    const s = studies.find((x) => x.name === name);
    if (!s)
      throw new ConfigError(
        `${file} has no study "${name}"; it holds ${studies.map((x) => x.name).join(', ')}`,
      );
    return s;
  }
  if (studies.length > 1)
    throw new ConfigError(
      `${file} holds ${studies.length} studies (${studies.map((x) => x.name).join(', ')}): name one`,
    );
  return studies[0]!;
}

const TRIAL_STATUS: Record<StudyTrial['state'], TrialState['status']> = {
  COMPLETE: 'done',
  PRUNED: 'pruned',
  FAIL: 'failed',
  RUNNING: 'running',
  WAITING: 'queued',
};

/** An Optuna parameter name as the experiment's search section names it (`SGD/momentum` → `momentum`). */
function engineName(name: string): string {
  const slash = name.indexOf('/');
  return slash < 0 ? name : name.slice(slash + 1);
}

/**
 * A search record (record.json + search.json) of a study, in a new folder under `recordsRoot`:
 * the source record's experiment, data description and objective; one trial and one run summary
 * per Optuna trial that started (its value as the objective, its reported values per epoch as the
 * trial's intermediate curve), ranked by the objective. Returns the record folder.
 */
export async function importStudy(o: {
  study: Study;
  sourceRecordDir: string;
  recordsRoot: string;
  file: string;
}): Promise<string> {
  const src = await readRecord(o.sourceRecordDir);
  if (!src.ok) throw new ConfigError(`${o.sourceRecordDir}: ${src.error}`);
  const source = src.record;
  const objective = source.objective;
  const mode = objective.mode;
  if (o.study.direction !== null && (o.study.direction === 'minimize') !== (mode === 'min')) {
    throw new ConfigError(
      `the study ${o.study.direction}s but the record ${source.id} ranks by ${mode}imizing ${objective.metric}: not the study exported from it`,
    );
  }
  const started = o.study.trials.filter((t) => t.state !== 'WAITING');
  if (started.length === 0) throw new ConfigError(`${o.file}: the study has no trial that started`);
  const search = (source.experiment as { search?: ResolvedSearch }).search;
  const seed = source.runs[0]?.seed ?? 0;
  const done = started.filter((t) => t.state === 'COMPLETE' && t.value !== null && Number.isFinite(t.value));
  const ranked = [...done].sort((a, b) => (mode === 'min' ? a.value! - b.value! : b.value! - a.value!));
  const rank = new Map(ranked.map((t, i) => [t.number, i + 1]));

  const trials: TrialState[] = started.map((t) => {
    const params: Record<string, ChoiceValue> = {};
    for (const [k, v] of Object.entries(t.params)) params[engineName(k)] = v;
    const optimizer = params[OPTIMIZER_PARAM];
    const label = `#${t.number} ${Object.entries(params)
      .map(([k, v]) =>
        k === OPTIMIZER_PARAM
          ? String(v)
          : `${k}=${typeof v === 'number' ? shortNumber(v, TRIAL_LABEL_DIGITS) : String(v)}`,
      )
      .join(' ')}`;
    return {
      index: t.number,
      params,
      label,
      config: typeof optimizer === 'string' ? { name: optimizer } : null,
      status: TRIAL_STATUS[t.state],
      value: t.state === 'COMPLETE' ? t.value : null,
      std: null,
      values: [t.state === 'COMPLETE' ? t.value : null],
      runIds: [`t${t.number}-s${seed}`],
      bracket: null,
      intermediate: [...t.intermediate].sort((a, b) => a[0] - b[0]),
      rungs: [],
      pruned_at_epoch: t.state === 'PRUNED' ? (t.intermediate.at(-1)?.[0] ?? null) : null,
      message: t.state === 'FAIL' ? 'failed in Optuna' : null,
      elapsed_ms: t.durationMs,
    };
  });
  const runs: RunSummary[] = trials.map((t) => {
    const st = started.find((x) => x.number === t.index)!;
    const last = t.intermediate.at(-1);
    return {
      id: t.runIds[0]!,
      configIndex: t.index,
      label: t.label,
      config: t.config ?? {},
      seed,
      fold: null,
      restart: null,
      status: t.status === 'running' || t.status === 'queued' ? 'cancelled' : t.status,
      steps: 0,
      epochs: last ? last[0] : 0,
      final_train_loss: objective.metric === 'train_loss' && objective.use === 'final' ? t.value : null,
      final_val_loss: objective.metric === 'val_loss' && objective.use === 'final' ? t.value : null,
      best_val_loss: null,
      best_epoch: null,
      objective: t.value,
      metrics: {},
      diverged_at_step: null,
      message: t.status === 'running' ? 'still running in Optuna when the study was read' : t.message,
      elapsed_ms: st.durationMs,
      rank: rank.get(t.index) ?? null,
      curves: null,
    };
  });
  const best = ranked[0]?.number ?? null;
  const created = new Date();
  const id = recordId(`${o.study.name}-optuna`, created);
  const dir = join(o.recordsRoot, id);
  await fs.mkdir(dir, { recursive: true });
  const state: SearchState = {
    format: SEARCH_FORMAT,
    version: SEARCH_VERSION,
    status: 'done',
    stop_reason: `imported from the Optuna study "${o.study.name}" (${o.file})`,
    strategy: search?.strategy ?? 'tpe',
    seed: search?.seed ?? 0,
    window: 1,
    budget: { trials: Math.max(1, started.length), wall_time_s: null },
    grid_trials: null,
    objective,
    cv_folds: null,
    fingerprint: JSON.stringify(search ?? null),
    elapsed_ms: trials.reduce((s, t) => s + t.elapsed_ms, 0),
    best,
    trials,
  };
  const record: RunRecord = {
    ...source,
    id,
    name: `${source.name} (Optuna study ${o.study.name})`,
    createdAt: created.toISOString(),
    finishedAt: created.toISOString(),
    status: 'done',
    runs,
  };
  await writeFileAtomic(join(dir, SEARCH_FILE), `${JSON.stringify(state, null, 1)}\n`);
  await writeRecord(dir, record);
  return dir;
}
