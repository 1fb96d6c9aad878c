import { el, replaceChildren } from '../shared/dom';
import type { Diagnosis } from '../../src/protocol/diagnosis';
import { lrRemedy } from '../../src/engine/doctor/remedy';
import {
  filterRows,
  resultColumns,
  rowsToCsv,
  sortRows,
  type ResultColumn,
  type ResultRow,
  type SortState,
} from './resultsModel';

export interface ResultsTableEvents {
  onStar(row: ResultRow): void;
  /** The diagnosis icon of a run was clicked: mark it on the chart. */
  onDiagnosis(row: ResultRow, diagnosis: Diagnosis): void;
  /** The doctor's one-action remedy of a run was clicked. */
  onRemedy(row: ResultRow): void;
  onSort(sort: SortState): void;
}

/**
 * The ranked results table (`#results-table`): one `tbody tr` per run with its rank in the first
 * cell and its status in `data-status`; sortable by any column (header buttons, keyboard too),
 * filtered by the text box, each run starrable.
 */
export class ResultsTable {
  readonly table = el('table', { id: 'results-table', class: 'results' });
  private columns: ResultColumn[] = [];
  private shown: ResultRow[] = [];

  constructor(private readonly events: ResultsTableEvents) {}

  render(
    rows: ResultRow[],
    compare: boolean,
    objectiveHead: string,
    sort: SortState,
    filter: string,
    color: (position: number) => string,
  ): void {
    this.columns = resultColumns(rows, compare, objectiveHead);
    this.shown = sortRows(filterRows(rows, filter), this.columns, sort);
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
    const body = el(
      'tbody',
      {},
      ...this.shown.map((r) => {
        const cells = this.columns.map((c) => {
          const td = el('td', {
            class: c.numeric ? 'num' : c.id === 'status' ? `status status-${r.status}` : null,
          });
          if (c.id === 'label') {
            const swatch = el('span', { class: 'swatch', 'aria-hidden': 'true' });
            // CSSOM, which the CSP allows (a style attribute it would block).
            swatch.style.backgroundColor = color(r.position);
            td.append(swatch);
          }
          td.append(c.text(r));
          if (c.id === 'status') td.append(...this.doctor(r));
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
            'data-status': r.status,
            'data-run': r.runId,
            'data-best': r.best ? 'true' : null,
            title: r.message ?? (r.best ? 'The best run: the median seed of the rank-1 configuration' : null),
          },
          ...cells,
        );
      }),
    );
    replaceChildren(this.table, el('thead', {}, head), body);
  }

  /** The doctor's icons in the status cell: one per diagnosis (tooltip: evidence and remedy), and the remedy. */
  private doctor(r: ResultRow): HTMLElement[] {
    const icons = r.diagnoses.map((d) => {
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
      return b;
    });
    const remedy = lrRemedy(r.config, r.diagnoses);
    if (remedy) {
      const b = el(
        'button',
        { type: 'button', class: 'remedy', title: remedy.title },
        `↻ ${remedy.title.replace(/^Re-run with /, '')}`,
      );
      b.addEventListener('click', () => this.events.onRemedy(r));
      icons.push(b);
    }
    return icons;
  }

  /** CSV of the rows as shown now (filtered, sorted). */
  csv(): string {
    return rowsToCsv(this.shown, this.columns);
  }

  get rowCount(): number {
    return this.shown.length;
  }
}
