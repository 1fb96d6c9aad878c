// The sidebar run panel's script: a form for an experiment on a workspace data file, validated as
// the user types with the experiment schema, Run and Cancel, and each run's live progress.
import './runPanel.css';
import { z } from 'zod';
import { optimizerNames, type OptimizerName } from '../../src/protocol/optimizers';
import {
  runPanelHostMessageSchema,
  type ColumnInfo,
  type DataFileEntry,
  type PythonFileEntry,
  type RunLine,
  type RunPanelHostMessage,
  type RunPanelWebviewMessage,
} from '../../src/protocol/runPanel';
import { el, replaceChildren } from '../shared/dom';
import { connectHost, nextRequestId } from '../shared/host';
import {
  activations,
  buildExperiment,
  defaultForm,
  hyperFields,
  modelTypes,
  optimizerForm,
  scheduleChoices,
  type FormIssue,
  type FormState,
  type ScheduleChoice,
} from './experimentForm';

let form: FormState = defaultForm();
let files: DataFileEntry[] = [];
let pythonFiles: PythonFileEntry[] = [];
let columns: ColumnInfo[] = [];
let columnsError: string | null = null;
let rows: number | null = null;
let trusted = true;
let running = false;
let issues: FormIssue[] = [];
let inspectRequest: string | null = null;
let runRequest: string | null = null;

const host = connectHost<RunPanelHostMessage, RunPanelWebviewMessage>(runPanelHostMessageSchema, onMessage);
const savedSchema = z.object({ form: z.record(z.string(), z.unknown()) });
{
  const saved = savedSchema.safeParse(host.getState());
  if (saved.success) form = { ...form, ...(saved.data.form as Partial<FormState>) };
}
const save = () => host.setState({ form });

// ---- the page ----
const app = document.getElementById('app')!;
const fileSelect = el('select', { id: 'data-file', 'data-path': 'data.path' });
const refresh = el(
  'button',
  { type: 'button', class: 'icon', title: 'Refresh the file list', 'aria-label': 'Refresh data files' },
  '⟳',
);
const fileNote = el('p', { class: 'muted', id: 'file-note' });
const targetSelect = el('select', { id: 'target', 'data-path': 'data.target' });
const nameInput = el('input', { type: 'text', id: 'name', 'data-path': 'name', spellcheck: 'false' });
const missingSelect = el(
  'select',
  { id: 'missing', 'data-path': 'data.preprocessing.missing' },
  el('option', { value: 'error' }, 'stop at the first'),
  el('option', { value: 'drop' }, 'drop the row'),
  el('option', { value: 'mean' }, 'fill with the training mean'),
);
const validationInput = el('input', {
  type: 'text',
  id: 'validation',
  inputmode: 'decimal',
  'data-path': 'data.split.validation',
});
const standardizeBox = el('input', { type: 'checkbox', id: 'standardize' });
const missingNote = el('p', { class: 'muted', id: 'missing-note' });
const modelSelect = el(
  'select',
  { id: 'model', 'data-path': 'model.type' },
  ...modelTypes.map((m) => el('option', { value: m }, m)),
  el('option', { value: 'pytorch' }, 'Your PyTorch model…'),
);
const modelFileSelect = el('select', { id: 'model-file', 'data-path': 'model.path' });
const factoryInput = el('input', {
  type: 'text',
  id: 'factory',
  'data-path': 'model.factory',
  spellcheck: 'false',
});
const pytorchBox = el(
  'div',
  { class: 'pytorch' },
  field('model file', modelFileSelect),
  field('factory', factoryInput),
  el(
    'p',
    { class: 'muted' },
    'A .py file beside the data file (or below it) whose factory returns a torch.nn.Module; it runs in your Python with torch.',
  ),
);
const hiddenInput = el('input', {
  type: 'text',
  id: 'hidden',
  'data-path': 'model.hidden',
  placeholder: '16, 16',
});
const activationSelect = el(
  'select',
  { id: 'activation' },
  ...activations.map((a) => el('option', { value: a }, a)),
);
const mlpBox = el(
  'div',
  { class: 'mlp' },
  field('hidden widths', hiddenInput),
  field('activation', activationSelect),
);
const optimizerBox = el('div', { id: 'optimizers' });
const addSelect = el(
  'select',
  { id: 'add-optimizer', 'aria-label': 'Optimizer to add' },
  ...optimizerNames.map((n) => el('option', { value: n }, n)),
);
const addButton = el('button', { type: 'button', class: 'secondary' }, 'Add');
const seedsInput = el('input', { type: 'text', id: 'seeds', 'data-path': 'training.seeds' });
const epochsInput = el('input', {
  type: 'text',
  id: 'epochs',
  inputmode: 'numeric',
  'data-path': 'training.epochs',
});
const batchInput = el('input', {
  type: 'text',
  id: 'batch-size',
  inputmode: 'numeric',
  'data-path': 'training.batch_size',
  placeholder: 'full batch',
});
const scheduleSelect = el(
  'select',
  { id: 'schedule' },
  ...Object.keys(scheduleChoices).map((s) => el('option', { value: s }, s)),
);
const scheduleBox = el('div', { class: 'schedule-fields' });
const issuesBox = el('ul', { id: 'form-issues', class: 'issues', 'aria-live': 'polite' });
const runButton = el('button', { type: 'button', id: 'run-button' }, 'Run');
const cancelButton = el('button', { type: 'button', id: 'cancel-button', class: 'secondary' }, 'Cancel');
const runNote = el('p', { id: 'run-note', role: 'status', class: 'muted' });
const progressTitle = el('h2', {}, 'Runs');
const progressList = el('ul', { id: 'run-progress', class: 'runs' });

function field(label: string, control: HTMLElement, extra?: HTMLElement): HTMLElement {
  return el('label', { class: 'field' }, el('span', { class: 'field-label' }, label), control, extra ?? null);
}

replaceChildren(
  app,
  el(
    'section',
    {},
    el('div', { class: 'row' }, field('data file', fileSelect), refresh),
    fileNote,
    field('target', targetSelect),
    missingNote,
    field('missing values', missingSelect),
    el(
      'div',
      { class: 'row' },
      field('validation fraction', validationInput),
      field('standardize features', standardizeBox),
    ),
  ),
  el('section', {}, field('model', modelSelect), mlpBox, pytorchBox),
  el(
    'section',
    {},
    el('h2', {}, 'Optimizers'),
    optimizerBox,
    el('div', { class: 'row' }, addSelect, addButton),
  ),
  el(
    'section',
    {},
    el('h2', {}, 'Training'),
    field('seeds', seedsInput),
    field('epochs', epochsInput),
    field('batch size', batchInput),
    field('schedule', scheduleSelect),
    scheduleBox,
  ),
  el(
    'section',
    {},
    field('experiment name', nameInput),
    issuesBox,
    el('div', { class: 'row buttons' }, runButton, cancelButton),
    runNote,
  ),
  el('section', {}, progressTitle, progressList),
);

// ---- form rendering ----
function syncInputs(): void {
  replaceChildren(
    fileSelect,
    el('option', { value: '' }, files.length ? 'choose a data file…' : 'no data files in the workspace'),
    ...files.map((f) => el('option', { value: f.path }, f.label)),
  );
  fileSelect.value = form.dataPath && files.some((f) => f.path === form.dataPath) ? form.dataPath : '';
  renderTargets();
  nameInput.value = form.name;
  modelSelect.value = form.model;
  hiddenInput.value = form.hidden;
  activationSelect.value = form.activation;
  mlpBox.hidden = form.model !== 'mlp';
  renderModelFiles();
  seedsInput.value = form.seeds;
  epochsInput.value = form.epochs;
  batchInput.value = form.batchSize;
  missingSelect.value = form.missing;
  validationInput.value = form.validation;
  standardizeBox.checked = form.standardize;
  scheduleSelect.value = form.schedule;
  renderSchedule();
  renderOptimizers();
}

function renderModelFiles(): void {
  replaceChildren(
    modelFileSelect,
    el(
      'option',
      { value: '' },
      pythonFiles.length ? 'choose a .py file…' : 'no Python files in the workspace',
    ),
    ...pythonFiles.map((f) => el('option', { value: f.path }, f.label)),
  );
  modelFileSelect.value =
    form.modelPath && pythonFiles.some((f) => f.path === form.modelPath) ? form.modelPath : '';
  factoryInput.value = form.factory;
  pytorchBox.hidden = form.model !== 'pytorch';
}

function renderTargets(): void {
  const options = columns.map((c) =>
    el(
      'option',
      { value: c.name },
      `${c.name} (${c.kind}${c.kind === 'categorical' ? `, ${c.distinct} values` : ''})`,
    ),
  );
  replaceChildren(
    targetSelect,
    el('option', { value: '' }, columns.length ? 'choose the target…' : '—'),
    ...options,
  );
  targetSelect.value = columns.some((c) => c.name === form.target) ? form.target : '';
  fileNote.textContent = columnsError ?? (rows !== null ? `${rows} rows, ${columns.length} columns` : '');
  fileNote.className = columnsError ? 'error' : 'muted';
  // The same counts inspect and Preview Data show: which columns have missing values.
  const withMissing = columns.filter((c) => c.missing > 0);
  missingNote.textContent = withMissing.length
    ? `missing values: ${withMissing.map((c) => `${c.name} (${c.missing})`).join(', ')}`
    : '';
}

function renderSchedule(): void {
  replaceChildren(
    scheduleBox,
    ...scheduleChoices[form.schedule].map(([key, fallback]) => {
      const input = el('input', {
        type: 'text',
        'data-path': `schedule.${key}`,
        value: form.scheduleValues[key] ?? fallback,
      });
      input.addEventListener('input', () =>
        update({ scheduleValues: { ...form.scheduleValues, [key]: input.value } }, false),
      );
      return field(key, input);
    }),
  );
}

function renderOptimizers(): void {
  replaceChildren(
    optimizerBox,
    ...form.optimizers.map((o, i) => {
      const remove = el(
        'button',
        { type: 'button', class: 'icon', 'aria-label': `Remove ${o.name} #${i + 1}`, title: 'Remove' },
        '×',
      );
      remove.addEventListener('click', () =>
        update({ optimizers: form.optimizers.filter((_, j) => j !== i) }, true),
      );
      const fields = hyperFields(o.name).map((f) => {
        const path = `optimizers.${i}.${f.key}`;
        const value = o.values[f.key];
        if (f.kind === 'boolean') {
          const box = el('input', { type: 'checkbox', 'data-path': path, checked: value === true });
          box.addEventListener('change', () => setValue(i, f.key, box.checked));
          return el('label', { class: 'flag', title: `default ${String(f.default)}` }, box, f.key);
        }
        const input = el('input', {
          type: 'text',
          'data-path': path,
          value: String(value ?? ''),
          spellcheck: 'false',
          title: `torch default: ${Array.isArray(f.default) ? f.default.join(', ') : String(f.default)}`,
        });
        input.addEventListener('input', () => setValue(i, f.key, input.value));
        return field(f.key, input);
      });
      return el(
        'fieldset',
        { class: 'optimizer' },
        el('legend', {}, `${o.name}`, remove),
        el('div', { class: 'hyper' }, ...fields),
      );
    }),
  );
  validate();
}

function setValue(i: number, key: string, v: string | boolean): void {
  const optimizers = form.optimizers.map((o, j) =>
    j === i ? { ...o, values: { ...o.values, [key]: v } } : o,
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
function dataFileName(): string | null {
  const f = files.find((x) => x.path === form.dataPath);
  return f ? f.path.split(/[\\/]/).pop()! : null;
}

function validate(): void {
  issues = buildExperiment(form, dataFileName()).issues;
  const byPath = new Map<string, string>();
  for (const i of issues) if (!byPath.has(i.path)) byPath.set(i.path, i.message);
  for (const control of app.querySelectorAll<HTMLElement>('[data-path]')) {
    const p = control.dataset['path']!;
    // A choice not made yet is listed below as a step to take, not flagged as a mistake.
    const unchosen = control instanceof HTMLSelectElement && control.value === '';
    const message = unchosen ? undefined : byPath.get(p);
    control.setAttribute('aria-invalid', String(message !== undefined));
    if (message) control.setAttribute('title', message);
  }
  replaceChildren(
    issuesBox,
    ...issues.map((i) => el('li', { class: 'error' }, `${i.path || 'experiment'}: ${i.message}`)),
  );
  updateButtons();
}

function updateButtons(): void {
  runButton.disabled = !trusted || running || issues.length > 0 || runRequest !== null;
  cancelButton.disabled = !running;
  runButton.title = !trusted
    ? 'Trust the workspace to run experiments'
    : issues.length
      ? 'Fix the problems listed above first'
      : 'Write the experiment file beside the data and run it';
}

// ---- events ----
fileSelect.addEventListener('change', () => {
  const path = fileSelect.value || null;
  const stem = path
    ? path
        .split(/[\\/]/)
        .pop()!
        .replace(/\.[^.]+$/, '')
    : form.name;
  update({ dataPath: path, target: '', name: `${stem.replace(/[^A-Za-z0-9._-]+/g, '-')}-lab` }, false);
  nameInput.value = form.name;
  columns = [];
  rows = null;
  columnsError = null;
  renderTargets();
  inspect();
});
refresh.addEventListener('click', () => host.post({ type: 'refreshFiles', payload: {} }));
targetSelect.addEventListener('change', () => update({ target: targetSelect.value }, false));
missingSelect.addEventListener('change', () =>
  update({ missing: missingSelect.value as FormState['missing'] }, false),
);
validationInput.addEventListener('input', () => update({ validation: validationInput.value }, false));
standardizeBox.addEventListener('change', () => update({ standardize: standardizeBox.checked }, false));
nameInput.addEventListener('input', () => update({ name: nameInput.value }, false));
modelSelect.addEventListener('change', () => {
  update({ model: modelSelect.value as FormState['model'] }, false);
  mlpBox.hidden = form.model !== 'mlp';
  pytorchBox.hidden = form.model !== 'pytorch';
});
modelFileSelect.addEventListener('change', () => update({ modelPath: modelFileSelect.value || null }, false));
factoryInput.addEventListener('input', () => update({ factory: factoryInput.value }, false));
hiddenInput.addEventListener('input', () => update({ hidden: hiddenInput.value }, false));
activationSelect.addEventListener('change', () =>
  update({ activation: activationSelect.value as FormState['activation'] }, false),
);
seedsInput.addEventListener('input', () => update({ seeds: seedsInput.value }, false));
epochsInput.addEventListener('input', () => update({ epochs: epochsInput.value }, false));
batchInput.addEventListener('input', () => update({ batchSize: batchInput.value }, false));
scheduleSelect.addEventListener('change', () => {
  update({ schedule: scheduleSelect.value as ScheduleChoice, scheduleValues: {} }, false);
  renderSchedule();
  validate();
});
addButton.addEventListener('click', () =>
  update({ optimizers: [...form.optimizers, optimizerForm(addSelect.value as OptimizerName)] }, true),
);
runButton.addEventListener('click', () => {
  const built = buildExperiment(form, dataFileName());
  if (built.issues.length > 0 || !form.dataPath) return validate();
  runRequest = nextRequestId();
  runNote.textContent = 'writing the experiment file…';
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
cancelButton.addEventListener('click', () => host.post({ type: 'cancel', payload: {} }));

function inspect(): void {
  if (!form.dataPath) return;
  inspectRequest = nextRequestId();
  fileNote.textContent = 'reading columns…';
  fileNote.className = 'muted';
  host.post({ type: 'inspect', payload: { requestId: inspectRequest, path: form.dataPath } });
}

// ---- progress ----
function renderRuns(name: string | null, status: string | null, lines: RunLine[]): void {
  progressTitle.textContent = name
    ? `Runs: ${name}${status && status !== 'running' ? ` (${status})` : ''}`
    : 'Runs';
  if (lines.length === 0) {
    replaceChildren(progressList, el('li', { class: 'muted' }, 'No experiment running.'));
    return;
  }
  replaceChildren(
    progressList,
    ...lines.map((l) =>
      el(
        'li',
        { 'data-status': l.status },
        el('span', { class: 'run-label' }, l.label, el('span', { class: 'muted' }, ` seed ${l.seed}`)),
        el('progress', { max: 1, value: l.done, 'aria-label': `${l.label} seed ${l.seed} progress` }),
        el(
          'span',
          { class: `run-status status-${l.status}` },
          `${l.status}${l.loss !== null ? ` · ${Number(l.loss.toPrecision(4))}` : ''}`,
        ),
      ),
    ),
  );
}

function onMessage(m: RunPanelHostMessage): void {
  switch (m.type) {
    case 'init':
      files = m.payload.files;
      pythonFiles = m.payload.pythonFiles;
      trusted = m.payload.trusted;
      if (!trusted)
        runNote.textContent =
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
      renderTargets();
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
      runNote.textContent = m.payload.error ?? `wrote ${m.payload.file} and started it`;
      runNote.className = m.payload.error ? 'error' : 'muted';
      updateButtons();
      return;
  }
}

syncInputs();
renderRuns(null, null, []);
