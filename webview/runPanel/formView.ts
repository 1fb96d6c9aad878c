// The run panel's page: the heading, the data file with its summary, and the form's controls, each
// carrying the experiment-file path of its field (`data-path`) so problems are shown at it.
import { optimizerNames } from '../../src/protocol/optimizers';
import { el, replaceChildren } from '../shared/dom';
import { activations, modelTypes, scheduleChoices } from './experimentForm';
import type { FileSummary } from './fileSummary';
import { progressList, progressTitle } from './runsView';

export function field(label: string, control: HTMLElement, extra?: HTMLElement): HTMLElement {
  return el('label', { class: 'field' }, el('span', { class: 'field-label' }, label), control, extra ?? null);
}

function text(id: string, path: string, extra: Record<string, string> = {}): HTMLInputElement {
  return el('input', { type: 'text', id, 'data-path': path, spellcheck: 'false', ...extra });
}

export const fileSelect = el('select', { id: 'data-file', 'data-path': 'data.path' });
export const refresh = el(
  'button',
  { type: 'button', class: 'icon', title: 'Refresh the file list', 'aria-label': 'Refresh data files' },
  '⟳',
);
export const fileNote = el('p', { class: 'muted', id: 'file-note' });
export const summaryBox = el('details', { id: 'file-summary', class: 'file-summary' });
export const targetSelect = el('select', { id: 'target', 'data-path': 'data.target' });
export const nameInput = text('name', 'name');
export const missingSelect = el(
  'select',
  { id: 'missing', 'data-path': 'data.preprocessing.missing' },
  el('option', { value: 'error' }, 'stop at the first'),
  el('option', { value: 'drop' }, 'drop the row'),
  el('option', { value: 'mean' }, 'fill with the training mean'),
);
export const validationInput = text('validation', 'data.split.validation', { inputmode: 'decimal' });
export const standardizeBox = el('input', {
  type: 'checkbox',
  id: 'standardize',
  'data-path': 'data.preprocessing.standardize',
});
export const objectiveSelect = el(
  'select',
  { id: 'objective-use', 'data-path': 'objective.use' },
  el('option', { value: 'best' }, 'its best epoch'),
  el('option', { value: 'final' }, 'its last epoch'),
);
export const objectiveNote = el('p', { class: 'muted', id: 'objective-note' });
export const modelSelect = el(
  'select',
  { id: 'model', 'data-path': 'model.type' },
  ...modelTypes.map((m) => el('option', { value: m }, m)),
  el('option', { value: 'pytorch' }, 'Your PyTorch model…'),
);
export const modelFileSelect = el('select', { id: 'model-file', 'data-path': 'model.path' });
export const factoryInput = text('factory', 'model.factory');
export const pytorchBox = el(
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
export const hiddenInput = text('hidden', 'model.hidden', { placeholder: '16, 16' });
export const activationSelect = el(
  'select',
  { id: 'activation', 'data-path': 'model.activation' },
  ...activations.map((a) => el('option', { value: a }, a)),
);
export const mlpBox = el(
  'div',
  { class: 'mlp' },
  field('hidden widths', hiddenInput),
  field('activation', activationSelect),
);
export const optimizerBox = el('div', { id: 'optimizers' });
export const addSelect = el(
  'select',
  { id: 'add-optimizer', 'aria-label': 'Optimizer to add' },
  ...optimizerNames.map((n) => el('option', { value: n }, n)),
);
export const addButton = el('button', { type: 'button', class: 'secondary' }, 'Add');
export const seedsInput = text('seeds', 'training.seeds');
export const epochsInput = text('epochs', 'training.epochs', { inputmode: 'numeric' });
export const batchInput = text('batch-size', 'training.batch_size', {
  inputmode: 'numeric',
  placeholder: 'full batch',
});
export const scheduleSelect = el(
  'select',
  { id: 'schedule', 'data-path': 'schedule.name' },
  ...Object.keys(scheduleChoices).map((s) => el('option', { value: s }, s)),
);
export const scheduleBox = el('div', { class: 'schedule-fields' });
export const issuesBox = el('ul', { id: 'form-issues', class: 'issues', 'aria-live': 'polite' });
export const runButton = el('button', { type: 'button', id: 'run-button' }, 'Run');
export const cancelButton = el(
  'button',
  { type: 'button', id: 'cancel-button', class: 'secondary' },
  'Cancel',
);
export const runNote = el('p', { id: 'run-note', role: 'status', class: 'muted' });
/** Shown while part of the form is below the fold: the sidebar hides its scrollbar until hovered. */
export const moreHint = el(
  'button',
  {
    type: 'button',
    id: 'more-below',
    class: 'more-below',
    hidden: true,
    'aria-label': 'Scroll down: more of the form below',
  },
  'more below ▾',
);

/** Lays the page out in `app`. */
export function buildPage(app: HTMLElement): void {
  replaceChildren(
    app,
    el(
      'header',
      {},
      el('h1', { id: 'run-panel-title' }, 'Run an experiment'),
      el('p', { class: 'muted' }, 'Compare torch.optim optimizers on a data file of this workspace.'),
    ),
    el(
      'section',
      { 'aria-labelledby': 'data-heading' },
      el('h2', { id: 'data-heading' }, 'Data'),
      el('div', { class: 'row' }, field('data file', fileSelect), refresh),
      fileNote,
      summaryBox,
      field('target', targetSelect),
      field('missing values', missingSelect),
      el(
        'div',
        { class: 'row' },
        field('validation fraction', validationInput),
        field('standardize features', standardizeBox),
      ),
    ),
    el(
      'section',
      { 'aria-labelledby': 'model-heading' },
      el('h2', { id: 'model-heading' }, 'Model'),
      field('model', modelSelect),
      mlpBox,
      pytorchBox,
    ),
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
      field('batch size (empty: full batch)', batchInput),
      field('schedule', scheduleSelect),
      scheduleBox,
      field('rank each run by', objectiveSelect),
      objectiveNote,
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
    moreHint,
  );
}

/** The file's summary as a collapsible table (open by default, so the counts are seen). */
export function renderSummary(summary: FileSummary | null): void {
  summaryBox.hidden = summary === null;
  if (!summary) return replaceChildren(summaryBox);
  summaryBox.open = summaryBox.dataset['shown'] === undefined ? true : summaryBox.open;
  summaryBox.dataset['shown'] = '1';
  replaceChildren(
    summaryBox,
    el('summary', {}, summary.headline),
    el(
      'table',
      { class: 'columns' },
      el(
        'thead',
        {},
        el('tr', {}, el('th', {}, 'column'), el('th', {}, 'type'), el('th', { class: 'num' }, 'missing')),
      ),
      el(
        'tbody',
        {},
        ...summary.rows.map((r) =>
          el(
            'tr',
            { class: r.isTarget ? 'target' : null },
            el('td', {}, r.name, r.isTarget ? el('span', { class: 'muted' }, ' (target)') : null),
            el('td', {}, r.type),
            el('td', { class: r.missing > 0 ? 'num has-missing' : 'num' }, String(r.missing)),
          ),
        ),
      ),
    ),
  );
}
