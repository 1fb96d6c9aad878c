// The lab panel's page: header, chart options, legend, the results section with its filter and its
// "no run matches" note, and the header's rendering. main.ts wires them.
import { el } from '../shared/dom';
import type { LabModel } from './labModel';

export const status = el('span', { id: 'lab-status', role: 'status', class: 'status-badge' }, 'loading');
export const detail = el('span', { id: 'lab-detail', class: 'muted' });
export const title = el('h1', {}, 'Optimizer Lab');
export const cancelButton = el(
  'button',
  { type: 'button', id: 'lab-cancel', class: 'secondary', hidden: true },
  'Cancel runs',
);
export const emptyNote = el('p', { id: 'lab-empty', class: 'empty', hidden: true });
export const xSelect = el(
  'select',
  { id: 'x-mode', 'aria-label': 'x axis' },
  el('option', { value: 'epoch' }, 'epoch'),
  el('option', { value: 'step' }, 'step'),
  el('option', { value: 'time' }, 'wall time'),
  el('option', { value: 'bytes' }, 'bytes sent'),
  el('option', { value: 'commTime' }, 'simulated comm time'),
);
export const smoothing = el('input', {
  id: 'smoothing',
  type: 'range',
  min: 0,
  max: 0.999,
  step: 0.001,
  'aria-label': 'EMA smoothing weight',
});
export const smoothingValue = el('output', { for: 'smoothing', id: 'smoothing-value' });
export const logX = el('input', { type: 'checkbox', id: 'log-x' });
export const logY = el('input', { type: 'checkbox', id: 'log-y' });
export const legend = el('div', {
  id: 'legend',
  class: 'legend',
  role: 'group',
  'aria-label': 'Configurations shown',
});
export const filter = el('input', {
  id: 'results-filter',
  type: 'search',
  placeholder: 'Filter: Adam, diverged, seed:1, starred…',
  'aria-label': 'Filter runs (the charts follow)',
});
export const exportButton = el(
  'button',
  { type: 'button', id: 'export-csv', class: 'secondary' },
  'Export CSV…',
);
export const exportNote = el('span', { class: 'muted', role: 'status', id: 'export-note' });
export const noMatchText = el('span', {});
export const clearFilter = el('button', { type: 'button', id: 'clear-filter' }, 'Clear filter');
export const noMatch = el(
  'p',
  { id: 'no-match', class: 'muted', role: 'status', hidden: true },
  noMatchText,
  clearFilter,
);

const label = (text: string, control: HTMLElement) => el('label', { class: 'control' }, text, control);

export const header = el(
  'header',
  { class: 'lab-header' },
  title,
  el('div', { class: 'state' }, status, detail, cancelButton),
);
export const toolbar = el(
  'div',
  { class: 'toolbar', role: 'toolbar', 'aria-label': 'Chart options' },
  label('x axis', xSelect),
  el('label', { class: 'control' }, 'smoothing', smoothing, smoothingValue),
  el('label', { class: 'control' }, logX, 'log x'),
  el('label', { class: 'control' }, logY, 'log y'),
);

/** The results section around the table; the table is also the charts' text alternative. */
export function resultsSection(table: HTMLElement): HTMLElement {
  return el(
    'section',
    { class: 'results-section', 'aria-labelledby': 'results-heading' },
    el('h2', { id: 'results-heading' }, 'Results'),
    el(
      'p',
      { class: 'muted hint' },
      'The charts draw the runs the filter keeps; click a configuration (or press Enter on it) to draw it over the others.',
    ),
    el('div', { class: 'results-tools' }, filter, exportButton, exportNote),
    noMatch,
    el('div', { class: 'scroll' }, table),
  );
}

/** The header: status badge, title (the record's name, or the compared ones), runs ended, Cancel. */
export function renderHeader(model: LabModel, follow: boolean): void {
  const s = model.status();
  status.textContent = s === 'empty' ? 'empty' : s;
  status.className = `status-badge status-${s}`;
  const names = model.records.map((r) => model.nameOf(r));
  title.textContent =
    names.length === 0 ? 'Optimizer Lab' : names.length === 1 ? names[0]! : `Compare: ${names.join(', ')}`;
  const runs = [...model.runs.values()];
  const ended = runs.filter((r) => !['queued', 'running'].includes(r.summary.status)).length;
  detail.textContent = runs.length
    ? `${ended}/${runs.length} runs ended${follow ? ' · follows new runs' : ''}`
    : '';
  cancelButton.hidden = s !== 'running';
}
