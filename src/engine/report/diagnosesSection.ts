// renderDiagnoses: The report's "Diagnoses" section.
import type { RunRecord } from '../../protocol/record';
import { escapeHtml } from './escape';

/**
 * The report's "Diagnoses" section: each diagnosed run with the doctor's kind, where, the evidence
 * and the remedy (docs/doctor.md); empty when no run has a diagnosis.
 */
export function renderDiagnoses(record: RunRecord): string {
  const items = record.runs.flatMap((r) =>
    (r.diagnoses ?? []).map((d) => {
      const at = [
        d.at.step !== null ? `step ${d.at.step}` : '',
        d.at.epoch !== null ? `epoch ${d.at.epoch}` : '',
      ]
        .filter(Boolean)
        .join(', ');
      return `<li class="diagnosis diagnosis-${escapeHtml(d.kind)}"><strong>${escapeHtml(r.label)}</strong> (${escapeHtml(r.id)}): <strong>${escapeHtml(d.kind)}</strong>${at ? ` at ${at}` : ''} — ${escapeHtml(d.evidence)}. Remedy: ${escapeHtml(d.remedy)}.</li>`;
    }),
  );
  if (items.length === 0) return '';
  return `<h2>Diagnoses</h2>
<p class="muted">What the optimizer doctor read in each run's curves, with the evidence and the remedy.</p>
<ul id="diagnoses">
${items.join('\n')}
</ul>`;
}
