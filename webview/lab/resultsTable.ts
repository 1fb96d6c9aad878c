// ResultsTable: The ranked results table (`#results-table`) (also ResultsTableEvents).
import { el, replaceChildren } from '../shared/dom';
import { toCsv } from '../shared/csv';
import {
  configurationColumns,
  configurationRows,
  type ConfigColumn,
  type ConfigRow,
} from './configurationRows';
import { filterRows, sortRows, type ResultRow, type SortState } from './resultsModel';
import type { Diagnosis } from '../../src/protocol/diagnosis';
import { lrRemedy } from '../../src/engine/doctor/remedy';

export interface ResultsTableEvents {
  onStar(row: ResultRow): void;
  onSort(sort: SortState): void;
  /** The diagnosis icon of a run was clicked: mark it on the chart. */
  onDiagnosis(row: ResultRow, diagnosis: Diagnosis): void;
  /** The doctor's one-action remedy of a run was clicked. */
  onRemedy(row: ResultRow): void;
  /** A configuration was selected (its key) or unselected (null): the charts draw it over the rest. */
  onSelect?(configKey: string | null): void;
}

/**
 * The ranked results table (`#results-table`): one `tbody tr.config` per configuration with its
 * rank in the first cell (`≈` when it cannot be told from rank 1), its hyperparameters, the mean ±
 * std and 95% interval over its seeds and its test score; a button expands it to its runs
 * (`tr.seed`, `data-run`, the best run `data-best`), each starrable. Sortable by any column,
 * filtered by the text box.
 */
export class ResultsTable {
  readonly table = el('table', { id: 'results-table', class: 'results' });
  private columns: ConfigColumn[] = [];
  private shown: ConfigRow[] = [];
  private readonly expanded = new Set<string>();
  private last: (() => void) | null = null;
  /** The selected configuration's key, null when none is. */
  selected: string | null = null;

  constructor(private readonly events: ResultsTableEvents) {}

  render(
    rows: ResultRow[],
    compare: boolean,
    objectiveHead: string,
    sort: SortState,
    filter: string,
    color: (position: number) => string,
  ): void {
    this.last = () => this.render(rows, compare, objectiveHead, sort, filter, color);
    const configs = configurationRows(rows);
    this.columns = configurationColumns(configs, compare, objectiveHead);
    const matching = new Set(filterRows(rows, filter).map((r) => r.configKey));
    this.shown = sortRows(
      configs.filter((c) => matching.has(c.key)),
      this.columns,
      sort,
    );
    const head = el(
      'tr',
      {},
      ...this.columns
        .map((c, i) => {
          const active = c.id === sort.column;
          const next: SortState = {
            column: c.id,
            direction: active && sort.direction === 'ascending' ? 'descending' : 'ascending',
          };
          const button = el('button', { type: 'button', class: 'sort', title: `Sort by ${c.head}` }, c.head);
          button.addEventListener('click', () => this.events.onSort(next));
          const th = el(
            'th',
            { scope: 'col', class: c.numeric ? 'num' : null, 'aria-sort': active ? sort.direction : 'none' },
            button,
          );
          // The star column comes right after the rank.
          return i === 0
            ? [
                th,
                el(
                  'th',
                  { scope: 'col', class: 'star-col' },
                  el('span', { class: 'visually-hidden' }, 'star'),
                ),
              ]
            : [th];
        })
        .flat(),
    );
    const swatch = (position: number) => {
      const s = el('span', { class: 'swatch', 'aria-hidden': 'true' });
      // CSSOM, which the CSP allows (a style attribute it would block).
      s.style.backgroundColor = color(position);
      return s;
    };
    const body = el(
      'tbody',
      {},
      ...this.shown.flatMap((c) => {
        const open = this.expanded.has(c.key);
        const cells = this.columns.map((col, i) => {
          const td = el('td', {
            class: col.numeric ? 'num' : col.id === 'status' ? `status status-${c.status}` : null,
          });
          if (i === 0) {
            const toggle = el(
              'button',
              {
                type: 'button',
                class: 'expand',
                'aria-expanded': String(open),
                'aria-label': `${open ? 'Hide' : 'Show'} the runs of ${c.label}`,
                title: open ? 'Hide its runs' : 'Show its runs (seeds)',
              },
              open ? '▾' : '▸',
            );
            toggle.addEventListener('click', () => {
              if (this.expanded.has(c.key)) this.expanded.delete(c.key);
              else this.expanded.add(c.key);
              this.last?.();
            });
            td.append(toggle, ' ');
          }
          if (col.id === 'label') td.append(swatch(c.position));
          td.append(col.text(c));
          if (col.id === 'status') td.append(...this.doctor(c.runs));
          return td;
        });
        cells.splice(1, 0, el('td', { class: 'star-col' }));
        const isSelected = this.selected === c.key;
        const row = el(
          'tr',
          {
            class: isSelected ? 'config selected' : 'config',
            'data-config': c.key,
            'data-status': c.status,
            tabindex: 0,
            'aria-selected': String(isSelected),
            title: isSelected
              ? 'Selected: drawn over the others (click to unselect)'
              : 'Click to draw it over the others',
          },
          ...cells,
        );
        // A click (or Enter / Space on the focused row) outside its buttons selects the configuration.
        const toggle = () => {
          this.selected = isSelected ? null : c.key;
          this.events.onSelect?.(this.selected);
          this.last?.();
        };
        row.addEventListener('click', (e) => {
          if (!(e.target as HTMLElement).closest('button')) toggle();
        });
        row.addEventListener('keydown', (e) => {
          if (e.target !== row || (e.key !== 'Enter' && e.key !== ' ')) return;
          e.preventDefault();
          toggle();
          (
            this.table.querySelector(`tr.config[data-config="${CSS.escape(c.key)}"]`) as HTMLElement | null
          )?.focus();
        });
        if (!open) return [row];
        return [row, ...c.runs.map((r) => this.seedRow(r))];
      }),
    );
    replaceChildren(this.table, el('thead', {}, head), body);
  }

  /** One run of an expanded configuration, with its own values and its star. */
  private seedRow(r: ResultRow): HTMLTableRowElement {
    const cells = this.columns.map((col) => {
      const td = el(
        'td',
        { class: col.numeric ? 'num' : col.id === 'status' ? `status status-${r.status}` : null },
        col.seed(r),
      );
      if (col.id === 'status') td.append(...this.doctor([r]));
      return td;
    });
    const star = el(
      'button',
      {
        type: 'button',
        class: 'star',
        'aria-pressed': String(r.starred),
        'aria-label': `${r.starred ? 'Unstar' : 'Star'} ${r.label}, seed ${r.seed}`,
        title: r.starred ? 'Starred' : 'Star this run',
      },
      r.starred ? '★' : '☆',
    );
    star.addEventListener('click', () => this.events.onStar(r));
    cells.splice(1, 0, el('td', { class: 'star-col' }, star));
    return el(
      'tr',
      {
        class: 'seed',
        'data-status': r.status,
        'data-run': r.runId,
        'data-best': r.best ? 'true' : null,
        title: r.message ?? (r.best ? 'The best run: the median seed of the rank-1 configuration' : null),
      },
      ...cells,
    );
  }

  /**
   * The doctor's icons in a status cell: one per kind of diagnosis among the runs (the first run
   * that has it; tooltip: evidence and remedy; click marks it on the loss chart), and the remedy.
   */
  private doctor(runs: readonly ResultRow[]): HTMLElement[] {
    const seen = new Set<string>();
    const icons: HTMLElement[] = [];
    for (const r of runs) {
      for (const d of r.diagnoses) {
        if (seen.has(d.kind)) continue;
        seen.add(d.kind);
        const b = el(
          'button',
          {
            type: 'button',
            class: `diagnosis diagnosis-${d.kind}`,
            'data-kind': d.kind,
            title: `${d.kind}: ${d.evidence}. Remedy: ${d.remedy}. Click to mark it on the loss chart.`,
            'aria-label': `${d.kind} in ${r.label}, seed ${r.seed}: mark it on the loss chart`,
          },
          '⚠',
        );
        b.addEventListener('click', () => this.events.onDiagnosis(r, d));
        icons.push(b);
      }
    }
    const withRemedy = runs.find((r) => lrRemedy(r.config, r.diagnoses));
    if (withRemedy) {
      const remedy = lrRemedy(withRemedy.config, withRemedy.diagnoses)!;
      const b = el(
        'button',
        { type: 'button', class: 'remedy', title: remedy.title },
        `↻ ${remedy.title.replace(/^Re-run with /, '')}`,
      );
      b.addEventListener('click', () => this.events.onRemedy(withRemedy));
      icons.push(b);
    }
    return icons;
  }

  /**
   * CSV of the configurations as shown now (filtered, sorted): the columns at full precision (the
   * interval as two columns), then the runs and the best run.
   */
  csv(): string {
    const cols = this.columns.filter((c) => c.id !== 'ci95');
    const ci = this.columns.some((c) => c.id === 'ci95');
    return toCsv(
      [
        ...cols.map((c) => (c.id === 'objective' ? c.head.replace(/ mean ± std$/, ' mean') : c.head)),
        'std',
        ...(ci ? ['ci95 low', 'ci95 high'] : []),
        'runs',
        'best run',
      ],
      this.shown.map((c) => [
        ...cols.map((col) => (col.id === 'status' ? col.text(c) : col.value(c))),
        c.std,
        ...(ci ? [c.ci95?.[0] ?? null, c.ci95?.[1] ?? null] : []),
        c.runs.map((r) => r.runId).join(' '),
        c.runs.find((r) => r.best)?.runId ?? '',
      ]),
    );
  }

  get rowCount(): number {
    return this.shown.length;
  }
}
