// The Preview Data panel's script: draws what the host's engine read in a data file (head, column types, missing counts, histograms, problems), asks for a target's balance and starts a New Experiment with it.
import './preview.css';
import {
  previewHostMessageSchema,
  type PreviewColumn,
  type PreviewHostMessage,
  type PreviewSummary,
  type PreviewWebviewMessage,
  type TargetBalance,
} from '../../src/protocol/preview';
import { el, replaceChildren } from '../shared/dom';
import { connectHost, nextRequestId } from '../shared/host';

const app = document.getElementById('app')!;
let summary: PreviewSummary | null = null;
let target: string | null = null;
let balance: TargetBalance | null = null;
let pending: string | null = null;

const host = connectHost<PreviewHostMessage, PreviewWebviewMessage>(previewHostMessageSchema, (m) => {
  if (m.type === 'summary') {
    if (m.payload.error !== null) {
      replaceChildren(app, el('p', { class: 'problem', role: 'alert' }, m.payload.error));
      return;
    }
    summary = m.payload.summary;
    const saved = host.getState() as { target?: string } | undefined;
    const last = summary?.columns.at(-1)?.name ?? null;
    chooseTarget(
      saved?.target && summary?.columns.some((c) => c.name === saved.target) ? saved.target : last,
    );
  } else if (m.type === 'target' && m.payload.requestId === pending) {
    balance = m.payload.balance;
    render();
  }
});

function chooseTarget(name: string | null): void {
  target = name;
  balance = null;
  host.setState({ target });
  if (name !== null) {
    pending = nextRequestId();
    host.post({ type: 'chooseTarget', payload: { requestId: pending, name } });
  }
  render();
}

const round = (v: number | null) => (v === null ? '–' : String(Number(v.toPrecision(5))));

/** Bars of a histogram as SVG rects (attributes, no inline style: the CSP allows none). */
function histogram(column: PreviewColumn): Element | string {
  const h = column.histogram;
  if (!h || h.counts.length < 2) return '';
  const ns = 'http://www.w3.org/2000/svg';
  const width = 120;
  const height = 24;
  const svg = document.createElementNS(ns, 'svg');
  svg.setAttribute('class', 'histogram');
  svg.setAttribute('width', String(width));
  svg.setAttribute('height', String(height));
  svg.setAttribute('role', 'img');
  svg.setAttribute(
    'aria-label',
    `histogram of ${column.name}: ${h.counts.join(', ')} from ${round(h.min)} to ${round(h.max)}`,
  );
  const top = Math.max(...h.counts);
  const w = width / h.counts.length;
  h.counts.forEach((n, k) => {
    const r = document.createElementNS(ns, 'rect');
    const bar = top > 0 ? (n / top) * height : 0;
    r.setAttribute('x', String(k * w + 0.5));
    r.setAttribute('y', String(height - bar));
    r.setAttribute('width', String(Math.max(1, w - 1)));
    r.setAttribute('height', String(bar));
    svg.append(r);
  });
  return svg;
}

function details(c: PreviewColumn): string {
  if (c.kind === 'categorical') {
    const shown = (c.levels ?? []).slice(0, 6).join(', ');
    return `${c.distinct} levels: ${shown}${(c.levels ?? []).length > 6 ? ', …' : ''}`;
  }
  if (c.kind === 'numeric' || c.kind === 'boolean')
    return `${c.distinct} distinct, ${round(c.min)} … ${round(c.max)}, mean ${round(c.mean)}${c.unit ? ` (${c.unit})` : ''}`;
  return c.kind === 'empty' ? 'no values' : 'cannot be used';
}

function render(): void {
  if (!summary) return;
  const s = summary;
  const sep = s.delimiter ? `, ${s.delimiter}-separated` : '';
  const columns = el(
    'table',
    { class: 'columns' },
    el(
      'thead',
      {},
      el('tr', {}, ...['column', 'type', 'missing', 'values', 'histogram'].map((h) => el('th', {}, h))),
    ),
    el(
      'tbody',
      {},
      ...s.columns.map((c) =>
        el(
          'tr',
          { 'data-column': c.name },
          el('td', {}, c.name),
          el('td', {}, c.kind),
          el('td', {}, String(c.missing)),
          el('td', {}, details(c), c.problem ? el('div', { class: 'problem' }, c.problem) : null),
          el('td', {}, histogram(c)),
        ),
      ),
    ),
  );
  const select = el(
    'select',
    { id: 'target', 'aria-label': 'Target column' },
    ...s.columns.map((c) => el('option', { value: c.name, selected: c.name === target }, c.name)),
  );
  select.addEventListener('change', () => chooseTarget(select.value));
  const button = el(
    'button',
    { id: 'new-experiment', disabled: !balance || balance.problem !== null },
    'New Experiment',
  );
  button.addEventListener('click', () => {
    if (target !== null) host.post({ type: 'newExperiment', payload: { target } });
  });
  replaceChildren(
    app,
    el('h1', {}, s.file),
    el('p', { class: 'meta' }, `${s.format}${sep}, ${s.rows} rows, ${s.columns.length} columns`),
    el('div', { class: 'target' }, el('label', { for: 'target' }, 'Target'), select, button),
    balanceView(),
    el('h2', {}, 'Columns'),
    columns,
    el('h2', {}, `First ${s.head.length} rows`),
    el(
      'div',
      { class: 'head-wrap' },
      el(
        'table',
        { class: 'head' },
        el('thead', {}, el('tr', {}, ...s.columns.map((c) => el('th', {}, c.name)))),
        el(
          'tbody',
          {},
          ...s.head.map((row) =>
            el(
              'tr',
              {},
              ...row.map((v) => (v === null ? el('td', { class: 'missing' }, 'missing') : el('td', {}, v))),
            ),
          ),
        ),
      ),
    ),
  );
}

function balanceView(): Element {
  if (!balance) return el('p', { class: 'muted', id: 'balance' }, 'reading the target…');
  if (balance.problem) return el('p', { class: 'problem', id: 'balance' }, balance.problem);
  const b = balance;
  const missing = b.missing > 0 ? ` (${b.missing} rows without a target)` : '';
  if (!b.classes || !b.classCounts) return el('p', { id: 'balance' }, `${b.task} target${missing}`);
  const total = b.classCounts.reduce((a, n) => a + n, 0);
  return el(
    'div',
    { id: 'balance' },
    el('p', {}, `${b.task} target, ${b.classes.length} classes${missing}`),
    el(
      'table',
      { class: 'balance' },
      el(
        'tbody',
        {},
        ...b.classes.map((label, k) => {
          const n = b.classCounts![k]!;
          const bar = el('span', { class: 'bar', 'aria-hidden': 'true' });
          // Width through the CSSOM, which the CSP allows (no style attribute).
          bar.style.width = `${Math.round((n / total) * 160)}px`;
          return el(
            'tr',
            {},
            el('td', {}, label),
            el('td', {}, String(n)),
            el('td', {}, `${((100 * n) / total).toFixed(1)}%`),
            el('td', {}, bar),
          );
        }),
      ),
    ),
  );
}
