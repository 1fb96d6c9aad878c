// The explorer's page: the surface picker, the optimizer rows, steps and run, the plot with its
// animation tools, the paths list and the Hessian inspector, built once; render functions fill them.
import type { HessianReportMessage } from '../../src/protocol/surfaceExplorer';
import { el, replaceChildren } from '../shared/dom';
import { seriesColor, type ThemeColors } from '../shared/theme';
import { MAX_STEPS, type Saved } from './explorerState';
import { hessianFacts, pathLine } from './hessianFacts';
import { rowConfig, type OptimizerRow } from './optimizerRows';

const INSPECT_HINT = 'Click a point of the plot to inspect it.';

/** Builds the page into `app` and returns its live elements. */
export function buildExplorerPage(app: HTMLElement) {
  const page = {
    surfaceSelect: el('select', { id: 'surface-select', 'aria-label': 'Surface' }),
    formula: el('code', { id: 'surface-formula' }),
    stepsInput: el('input', {
      id: 'steps',
      type: 'number',
      min: 1,
      max: MAX_STEPS,
      step: 1,
      'aria-label': 'Steps',
    }),
    rowsBox: el('div', { class: 'optimizer-rows', role: 'group', 'aria-label': 'Optimizers' }),
    runButton: el('button', { type: 'button', id: 'run-surface' }, 'Run from start'),
    runNote: el('p', { class: 'muted', role: 'status', id: 'run-note' }),
    canvas: el('canvas', {
      id: 'surface-plot',
      tabindex: 0,
      role: 'img',
      'aria-label':
        'Contour plot. Click, or move with the arrow keys and press Enter, to set the start and inspect the Hessian there.',
    }),
    coords: el('span', { class: 'muted', id: 'coords' }),
    playButton: el('button', { type: 'button', class: 'secondary', id: 'play' }, 'Play'),
    scrub: el('input', {
      type: 'range',
      id: 'frame',
      min: 0,
      max: 0,
      step: 1,
      'aria-label': 'Animation frame',
    }),
    pathsList: el('ul', { class: 'paths', id: 'paths' }),
    hessianBox: el(
      'section',
      { id: 'hessian-report', 'aria-live': 'polite' },
      el('p', { class: 'muted' }, INSPECT_HINT),
    ),
  };
  replaceChildren(
    app,
    el(
      'header',
      { class: 'explorer-header' },
      el('h1', {}, 'Loss surfaces'),
      el('label', { class: 'control' }, 'surface', page.surfaceSelect),
      page.formula,
    ),
    el(
      'div',
      { class: 'explorer' },
      el(
        'div',
        { class: 'plot-column' },
        el('div', { class: 'plot-box' }, page.canvas),
        el('div', { class: 'plot-tools' }, page.playButton, page.scrub, page.coords),
        page.pathsList,
      ),
      el(
        'aside',
        { class: 'side' },
        el('h2', {}, 'Optimizers'),
        page.rowsBox,
        el('label', { class: 'control' }, 'steps', page.stepsInput),
        el('div', { class: 'run-row' }, page.runButton),
        page.runNote,
        el('h2', {}, 'Hessian inspector'),
        page.hessianBox,
      ),
    ),
  );
  return page;
}
export type ExplorerPage = ReturnType<typeof buildExplorerPage>;

/**
 * One row of inputs per optimizer; an edit replaces the row through `onEdit` and the row shows
 * its own problem (the form-level hint and the run button are `onEdit`'s caller's business).
 */
export function renderRows(
  box: HTMLElement,
  rows: readonly OptimizerRow[],
  onEdit: (i: number, row: OptimizerRow) => void,
  current: (i: number) => OptimizerRow,
): void {
  replaceChildren(
    box,
    ...rows.map((row, i) => {
      const check = el('input', { type: 'checkbox', id: `opt-${row.name}`, checked: row.enabled });
      const lr = el('input', {
        type: 'text',
        inputmode: 'decimal',
        value: row.lr,
        'aria-label': `${row.name} lr`,
        class: 'lr',
      });
      const momentum =
        row.name === 'SGD'
          ? el('input', {
              type: 'text',
              inputmode: 'decimal',
              value: row.momentum,
              'aria-label': 'SGD momentum',
              class: 'lr',
            })
          : null;
      const problem = el('span', { class: 'error', role: 'alert' });
      const validate = () => {
        const r = rowConfig(current(i));
        lr.setAttribute('aria-invalid', String(!r.ok && r.field === 'lr'));
        momentum?.setAttribute('aria-invalid', String(!r.ok && r.field === 'momentum'));
        problem.textContent = r.ok || !current(i).enabled ? '' : r.message;
      };
      const edit = (change: Partial<OptimizerRow>) => {
        onEdit(i, { ...current(i), ...change });
        validate();
      };
      check.addEventListener('change', () => edit({ enabled: check.checked }));
      lr.addEventListener('input', () => edit({ lr: lr.value }));
      momentum?.addEventListener('input', () => edit({ momentum: momentum.value }));
      queueMicrotask(validate);
      return el(
        'div',
        { class: 'optimizer-row' },
        el('label', { for: `opt-${row.name}`, class: 'opt-name' }, check, row.name),
        el('label', { class: 'field' }, 'lr', lr),
        momentum ? el('label', { class: 'field' }, 'momentum', momentum) : null,
        problem,
      );
    }),
  );
}

/** The run note's form-level hint: set when there is one, cleared only if it was a hint (run outcomes stay). */
export function showHint(note: HTMLElement, hint: string): void {
  if (hint) {
    note.textContent = hint;
    note.dataset['hint'] = 'true';
  } else if (note.dataset['hint']) {
    note.textContent = '';
    delete note.dataset['hint'];
  }
}

/** The Hessian inspector's report, or its hint when nothing is inspected. */
export function renderReport(box: HTMLElement, r: HessianReportMessage | null): void {
  if (!r) {
    replaceChildren(box, el('p', { class: 'muted' }, INSPECT_HINT));
    return;
  }
  const facts = hessianFacts(r);
  replaceChildren(
    box,
    el('p', { class: `classification class-${r.classification}` }, facts.heading),
    el('p', { class: 'muted' }, facts.description),
    el('dl', { class: 'facts' }, ...facts.rows.flatMap(([k, v]) => [el('dt', {}, k), el('dd', {}, v)])),
  );
}

/** The list of the shown surface's paths (empty when the paths belong to another surface). */
export function renderPaths(list: HTMLElement, state: Saved, colors: ThemeColors): void {
  if (state.pathsSurface !== state.surface) {
    replaceChildren(list);
    return;
  }
  replaceChildren(
    list,
    ...state.paths.map((p) => {
      const swatch = el('span', { class: 'swatch', 'aria-hidden': 'true' });
      swatch.style.backgroundColor = seriesColor(colors, p.configIndex);
      return el(
        'li',
        { 'data-status': p.status },
        swatch,
        pathLine(p),
        p.message ? el('span', { class: 'muted' }, ` — ${p.message}`) : null,
      );
    }),
  );
}
