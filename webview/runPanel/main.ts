// The sidebar run panel's script: the form's state and events, validation shown once the user
// touched a field or pressed Run, Run and Cancel, and each run's live progress.
import './runPanel.css';
import { z } from 'zod';
import type { OptimizerName } from '../../src/protocol/optimizers';
import {
  runPanelHostMessageSchema,
  type ColumnInfo,
  type DataFileEntry,
  type PythonFileEntry,
  type RunPanelHostMessage,
  type RunPanelWebviewMessage,
} from '../../src/protocol/runPanel';
import { el, replaceChildren } from '../shared/dom';
import { connectHost, nextRequestId } from '../shared/host';
import {
  batchSizeText,
  buildExperiment,
  defaultForm,
  missingOf,
  noData,
  optimizerForm,
  scheduleChoices,
  scheduleText,
  type DataFacts,
  type FormIssue,
  type FormState,
  type ScheduleChoice,
} from './experimentForm';
import { fileSummary } from './fileSummary';
import { plainIssue } from './formWords';
import * as v from './formView';
import { moreBelow, visibleIssues } from './issueVisibility';
import { renderOptimizers } from './optimizersView';
import { renderRuns } from './runsView';

let form: FormState = defaultForm();
let files: DataFileEntry[] = [];
let pythonFiles: PythonFileEntry[] = [];
let columns: ColumnInfo[] = [];
let columnsError: string | null = null;
let rows: number | null = null;
let trusted = true;
let running = false;
let issues: FormIssue[] = [];
let shown: FormIssue[] = [];
const touched = new Set<string>();
let submitted = false;
let inspectRequest: string | null = null;
let runRequest: string | null = null;

const host = connectHost<RunPanelHostMessage, RunPanelWebviewMessage>(runPanelHostMessageSchema, onMessage);
const savedSchema = z.object({ form: z.record(z.string(), z.unknown()) });
{
  const saved = savedSchema.safeParse(host.getState());
  if (saved.success) form = { ...form, ...(saved.data.form as Partial<FormState>) };
}
const save = () => host.setState({ form });

const app = document.getElementById('app')!;
v.buildPage(app);

/** What the defaults depend on: the chosen file as inspected, and the target's task. */
function facts(): DataFacts {
  const f = files.find((x) => x.path === form.dataPath);
  if (!f) return noData;
  return {
    fileName: f.path.split(/[\\/]/).pop()!,
    rows,
    anyMissing: columns.some((c) => c.missing > 0),
    task: columns.find((c) => c.name === form.target)?.task ?? null,
  };
}

// ---- form rendering ----
function syncInputs(): void {
  replaceChildren(
    v.fileSelect,
    el('option', { value: '' }, files.length ? 'choose a data file…' : 'no data files in the workspace'),
    ...files.map((f) => el('option', { value: f.path }, f.label)),
  );
  v.fileSelect.value = form.dataPath && files.some((f) => f.path === form.dataPath) ? form.dataPath : '';
  renderData();
  v.nameInput.value = form.name;
  v.modelSelect.value = form.model;
  v.hiddenInput.value = form.hidden;
  v.activationSelect.value = form.activation;
  v.mlpBox.hidden = form.model !== 'mlp';
  renderModelFiles();
  v.seedsInput.value = form.seeds;
  v.epochsInput.value = form.epochs;
  v.validationInput.value = form.validation;
  v.standardizeBox.checked = form.standardize;
  v.objectiveSelect.value = form.objectiveUse;
  v.scheduleSelect.value = form.schedule;
  renderSchedule();
  renderOptimizers(v.optimizerBox, form, {
    remove: (i) => update({ optimizers: form.optimizers.filter((_, j) => j !== i) }, true),
    set: setValue,
  });
  validate();
}

function renderModelFiles(): void {
  replaceChildren(
    v.modelFileSelect,
    el(
      'option',
      { value: '' },
      pythonFiles.length ? 'choose a .py file…' : 'no Python files in the workspace',
    ),
    ...pythonFiles.map((f) => el('option', { value: f.path }, f.label)),
  );
  v.modelFileSelect.value =
    form.modelPath && pythonFiles.some((f) => f.path === form.modelPath) ? form.modelPath : '';
  v.factoryInput.value = form.factory;
  v.pytorchBox.hidden = form.model !== 'pytorch';
}

/** The target choices, the file's summary, and the defaults that follow the file. */
function renderData(): void {
  const options = columns.map((c) =>
    el(
      'option',
      { value: c.name },
      `${c.name} (${c.kind}${c.kind === 'categorical' ? `, ${c.distinct} values` : ''})`,
    ),
  );
  replaceChildren(
    v.targetSelect,
    el('option', { value: '' }, columns.length ? 'choose the target…' : '—'),
    ...options,
  );
  v.targetSelect.value = columns.some((c) => c.name === form.target) ? form.target : '';
  v.fileNote.textContent = columnsError ?? '';
  v.fileNote.className = columnsError ? 'error' : 'muted';
  v.fileNote.hidden = !columnsError && v.fileNote.textContent === '';
  v.renderSummary(rows !== null && !columnsError ? fileSummary(rows, columns, form.target) : null);
  const d = facts();
  v.missingSelect.value = missingOf(form, d);
  v.batchInput.value = batchSizeText(form, d);
  const metric =
    d.task === null
      ? 'the validation metric'
      : d.task === 'regression'
        ? 'validation loss'
        : 'validation accuracy';
  v.objectiveNote.textContent = `Runs are ranked by ${metric}.`;
}

function renderSchedule(): void {
  replaceChildren(
    v.scheduleBox,
    ...scheduleChoices[form.schedule].map((key) => {
      const path = `schedule.${key}`;
      const input = el('input', { type: 'text', 'data-path': path, value: scheduleText(form, key) });
      input.addEventListener('input', () => {
        touched.add(path);
        update({ scheduleValues: { ...form.scheduleValues, [key]: input.value } }, false);
      });
      const length =
        key === 'T_max' || key === 'step_size' || (form.schedule === 'ExponentialLR' && key === 'gamma');
      const follows = length && form.scheduleValues[key] === undefined;
      return v.field(follows ? `${key} (follows epochs)` : key, input);
    }),
  );
}

function setValue(i: number, key: string, value: string | boolean): void {
  touched.add(`optimizers.${i}.${key}`);
  const optimizers = form.optimizers.map((o, j) =>
    j === i ? { ...o, values: { ...o.values, [key]: value } } : o,
  );
  update({ optimizers }, false);
}

function update(patch: Partial<FormState>, rerender: boolean): void {
  form = { ...form, ...patch };
  save();
  if (rerender) syncInputs();
  else validate();
}

// ---- validation ----
function validate(): void {
  issues = buildExperiment(form, facts()).issues;
  shown = visibleIssues(issues, { touched, submitted });
  const byPath = new Map<string, string>();
  for (const i of shown) if (!byPath.has(i.path)) byPath.set(i.path, plainIssue(i, form));
  for (const control of app.querySelectorAll<HTMLElement>('[data-path]')) {
    const message = byPath.get(control.dataset['path']!);
    control.setAttribute('aria-invalid', String(message !== undefined));
    // The control's own hint (torch's default) comes back once its problem is fixed.
    control.dataset['hint'] ??= control.title;
    control.title = message ?? control.dataset['hint'];
  }
  replaceChildren(v.issuesBox, ...[...byPath.values()].map((m) => el('li', { class: 'error' }, m)));
  updateButtons();
}

function updateButtons(): void {
  // Problems not shown yet do not disable Run: pressing it shows them.
  v.runButton.disabled = !trusted || running || shown.length > 0 || runRequest !== null;
  v.cancelButton.disabled = !running;
  v.runButton.title = !trusted
    ? 'Trust the workspace to run experiments'
    : shown.length
      ? 'Fix the problems listed above first'
      : 'Write the experiment file beside the data and run it';
}

// ---- events ----
/** Listens to a control and marks its field touched. */
function on(control: HTMLElement, event: 'input' | 'change', patch: () => Partial<FormState>): void {
  control.addEventListener(event, () => {
    touched.add(control.dataset['path']!);
    update(patch(), false);
  });
}

v.fileSelect.addEventListener('change', () => {
  const path = v.fileSelect.value || null;
  const stem = path
    ? path
        .split(/[\\/]/)
        .pop()!
        .replace(/\.[^.]+$/, '')
    : form.name;
  touched.add('data.path');
  columns = [];
  rows = null;
  columnsError = null;
  update({ dataPath: path, target: '', name: `${stem.replace(/[^A-Za-z0-9._-]+/g, '-')}-lab` }, false);
  v.nameInput.value = form.name;
  renderData();
  inspect();
});
v.refresh.addEventListener('click', () => host.post({ type: 'refreshFiles', payload: {} }));
v.targetSelect.addEventListener('change', () => {
  touched.add('data.target');
  update({ target: v.targetSelect.value }, false);
  renderData();
});
on(v.missingSelect, 'change', () => ({ missing: v.missingSelect.value as FormState['missing'] }));
on(v.validationInput, 'input', () => ({ validation: v.validationInput.value }));
on(v.standardizeBox, 'change', () => ({ standardize: v.standardizeBox.checked }));
on(v.objectiveSelect, 'change', () => ({
  objectiveUse: v.objectiveSelect.value as FormState['objectiveUse'],
}));
on(v.nameInput, 'input', () => ({ name: v.nameInput.value }));
v.modelSelect.addEventListener('change', () => {
  update({ model: v.modelSelect.value as FormState['model'] }, false);
  v.mlpBox.hidden = form.model !== 'mlp';
  v.pytorchBox.hidden = form.model !== 'pytorch';
});
on(v.modelFileSelect, 'change', () => ({ modelPath: v.modelFileSelect.value || null }));
on(v.factoryInput, 'input', () => ({ factory: v.factoryInput.value }));
on(v.hiddenInput, 'input', () => ({ hidden: v.hiddenInput.value }));
on(v.activationSelect, 'change', () => ({ activation: v.activationSelect.value as FormState['activation'] }));
on(v.seedsInput, 'input', () => ({ seeds: v.seedsInput.value }));
v.epochsInput.addEventListener('input', () => {
  touched.add('training.epochs');
  update({ epochs: v.epochsInput.value }, false);
  // Schedule lengths not typed by the user follow the epochs.
  renderSchedule();
  validate();
});
on(v.batchInput, 'input', () => ({ batchSize: v.batchInput.value }));
v.scheduleSelect.addEventListener('change', () => {
  update({ schedule: v.scheduleSelect.value as ScheduleChoice, scheduleValues: {} }, false);
  renderSchedule();
  validate();
});
v.addButton.addEventListener('click', () =>
  update({ optimizers: [...form.optimizers, optimizerForm(v.addSelect.value as OptimizerName)] }, true),
);
v.runButton.addEventListener('click', () => {
  const built = buildExperiment(form, facts());
  if (built.issues.length > 0 || !form.dataPath) {
    submitted = true;
    validate();
    v.runNote.textContent = `Not run: ${built.issues.length === 1 ? 'one problem' : `${built.issues.length} problems`} to fix first (listed above).`;
    v.runNote.className = 'error';
    const first = app.querySelector<HTMLElement>('[aria-invalid="true"]');
    first?.focus();
    return;
  }
  runRequest = nextRequestId();
  v.runNote.textContent = 'writing the experiment file…';
  v.runNote.className = 'muted';
  host.post({
    type: 'run',
    payload: {
      requestId: runRequest,
      dataPath: form.dataPath,
      name: form.name,
      experiment: built.experiment,
    },
  });
  updateButtons();
});
v.cancelButton.addEventListener('click', () => host.post({ type: 'cancel', payload: {} }));

function inspect(): void {
  if (!form.dataPath) return;
  inspectRequest = nextRequestId();
  v.fileNote.textContent = 'reading columns…';
  v.fileNote.className = 'muted';
  v.fileNote.hidden = false;
  host.post({ type: 'inspect', payload: { requestId: inspectRequest, path: form.dataPath } });
}

// ---- the hint that the form scrolls ----
function updateMoreHint(): void {
  const doc = document.scrollingElement ?? document.documentElement;
  v.moreHint.hidden = !moreBelow(doc.scrollTop, window.innerHeight, doc.scrollHeight);
}
v.moreHint.addEventListener('click', () =>
  window.scrollBy({ top: window.innerHeight * 0.8, behavior: 'smooth' }),
);
window.addEventListener('scroll', updateMoreHint, { passive: true });
window.addEventListener('resize', updateMoreHint);
new ResizeObserver(updateMoreHint).observe(app);

function onMessage(m: RunPanelHostMessage): void {
  switch (m.type) {
    case 'init':
      files = m.payload.files;
      pythonFiles = m.payload.pythonFiles;
      trusted = m.payload.trusted;
      if (!trusted)
        v.runNote.textContent =
          'This workspace is not trusted: Optimizer Lab does not read data files or run experiments in it.';
      syncInputs();
      if (form.dataPath && files.some((f) => f.path === form.dataPath)) inspect();
      return;
    case 'files':
      files = m.payload.files;
      pythonFiles = m.payload.pythonFiles;
      syncInputs();
      return;
    case 'columns':
      if (m.payload.requestId !== inspectRequest) return;
      columns = m.payload.columns;
      rows = m.payload.rows;
      columnsError = m.payload.error;
      if (!form.target && columns.length) {
        // The last column is the usual place of the target (iris's species, a CSV's label).
        form = { ...form, target: columns[columns.length - 1]!.name };
        save();
      }
      renderData();
      validate();
      return;
    case 'runs':
      running = m.payload.running;
      renderRuns(m.payload.name, m.payload.status, m.payload.runs);
      updateButtons();
      return;
    case 'runResult':
      if (m.payload.requestId !== runRequest) return;
      runRequest = null;
      v.runNote.textContent = m.payload.error ?? `wrote ${m.payload.file} and started it`;
      v.runNote.className = m.payload.error ? 'error' : 'muted';
      updateButtons();
      return;
  }
}

syncInputs();
renderRuns(null, null, []);
updateMoreHint();
