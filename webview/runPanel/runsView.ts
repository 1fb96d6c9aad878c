// The run panel's live progress list: one line per run with its bar, status and latest loss.
import type { RunLine } from '../../src/protocol/runPanel';
import { el, replaceChildren } from '../shared/dom';

export const progressTitle = el('h2', {}, 'Runs');
export const progressList = el('ul', { id: 'run-progress', class: 'runs' });

/** Shows the experiment's runs (or that none runs) under its name and final status. */
export function renderRuns(name: string | null, status: string | null, lines: RunLine[]): void {
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
