// renderReport: The self-contained HTML report of an experiment (also ReportOptions).
import type { CurvesFile, RunRecord } from '../../protocol/record';
import { escapeHtml, inlineScript, jsonForScript } from './escape';
import { contentSecurityPolicy, newNonce } from './pageSecurity';
import { PALETTE } from './palette';
import { buildReportData, type ReportChart } from './reportData';
import { renderDiagnoses } from './diagnosesSection';
import { pythonRuntimeText } from './pythonRuntime';
import { renderResultsTable, renderRunsTable } from './resultsTable';

export interface ReportOptions {
  /** The text of dist/report.js (chart.js and the drawing code), inlined so the report needs no network. */
  script: string;
}

const STYLE = `
body { font: 14px/1.45 system-ui, -apple-system, 'Segoe UI', Roboto, Helvetica, Arial, sans-serif;
  color: #1a1a1a; background: #fff; margin: 24px auto; max-width: 1200px; padding: 0 16px; }
h1 { font-size: 22px; margin: 0 0 4px; }
h2 { font-size: 17px; margin: 28px 0 8px; }
.muted { color: #555; }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: 2px 16px; margin: 8px 0; }
dl.facts dt { color: #555; }
dl.facts dd { margin: 0; }
table { border-collapse: collapse; font-variant-numeric: tabular-nums; margin: 8px 0; }
th, td { border-bottom: 1px solid #ddd; padding: 4px 10px; text-align: left; vertical-align: top; }
th { background: #f4f4f4; font-weight: 600; }
td.num { text-align: right; white-space: nowrap; }
td.label, td.runs { white-space: nowrap; }
td.message { min-width: 18em; }
tbody tr:first-child td { font-weight: 600; }
#runs tbody tr:first-child td { font-weight: normal; }
.status-diverged, .status-failed { color: #b00020; }
.status-cancelled { color: #8a6d00; }
.swatch { display: inline-block; width: 10px; height: 10px; border-radius: 2px; margin-right: 6px; }
.charts { display: grid; grid-template-columns: repeat(auto-fit, minmax(520px, 1fr)); gap: 16px; }
figure.chart { margin: 0; border: 1px solid #ddd; border-radius: 4px; padding: 8px 12px 12px; }
figure.chart figcaption { display: flex; justify-content: space-between; align-items: center; font-weight: 600; margin-bottom: 6px; }
.canvas-box { position: relative; height: 340px; }
button.log-toggle { font: inherit; font-weight: normal; font-size: 12px; padding: 2px 8px; border: 1px solid #999; border-radius: 3px; background: #fff; cursor: pointer; }
button.log-toggle[aria-pressed='true'] { background: #1a1a1a; color: #fff; }
button.log-toggle:disabled { cursor: default; opacity: 0.5; }
details { margin: 12px 0; }
summary { cursor: pointer; font-weight: 600; }
pre { background: #f7f7f7; border: 1px solid #ddd; padding: 8px; overflow: auto; font-size: 12px; }
.scroll { overflow-x: auto; }
${PALETTE.map((c, i) => `.swatch.c${i} { background: ${c}; }`).join('\n')}
`;

function fact(term: string, value: string): string {
  return `<dt>${escapeHtml(term)}</dt><dd>${escapeHtml(value)}</dd>`;
}

function describeRun(record: RunRecord): string {
  const e = record.environment;
  return [
    '<dl class="facts">',
    fact('started', record.createdAt),
    fact('finished', record.finishedAt ?? `not finished (${record.status})`),
    fact('status', record.status),
    fact('experiment file', record.experimentFile ?? '—'),
    fact('engine', `optimizer-lab ${e.engineVersion}, ${e.precision}`),
    fact('machine', `Node ${e.node}, ${e.platform}/${e.arch}, ${e.cpus} CPUs, ${e.poolSize} workers`),
    ...(e.python ? [fact('python', pythonRuntimeText(e.python))] : []),
    '</dl>',
  ].join('\n');
}

function describeProblem(record: RunRecord): string {
  const d = record.dataset;
  if (d === null) {
    const surface = record.experiment['surface'];
    const name =
      typeof surface === 'object' &&
      surface !== null &&
      typeof (surface as { name?: unknown }).name === 'string'
        ? (surface as { name: string }).name
        : 'unknown';
    return `<h2>Surface</h2>\n<dl class="facts">${fact('surface', name)}</dl>`;
  }
  const rows = [
    fact('file', d.file),
    fact('task', d.task + (d.classes ? ` (${d.classes.length} classes: ${d.classes.join(', ')})` : '')),
    fact('target', d.target),
    fact('features', `${d.features.length}: ${d.features.join(', ')}`),
    fact('rows', `${d.rows} (train ${d.trainRows}, validation ${d.validationRows}, test ${d.testRows})`),
  ];
  const warnings = d.warnings.length
    ? `<ul class="warnings">${d.warnings.map((w) => `<li>${escapeHtml(w)}</li>`).join('')}</ul>`
    : '';
  return `<h2>Data</h2>\n<dl class="facts">${rows.join('\n')}</dl>${warnings}`;
}

function renderChart(c: ReportChart): string {
  const why = c.positive
    ? 'Switch the y axis between linear and logarithmic'
    : 'Some values are not positive';
  return [
    '<figure class="chart">',
    `<figcaption><span>${escapeHtml(c.title)}</span>`,
    `<button type="button" class="log-toggle" data-chart="${c.id}" aria-pressed="false" title="${escapeHtml(why)}"${c.positive ? '' : ' disabled'}>log y</button></figcaption>`,
    `<div class="canvas-box"><canvas id="${c.id}" role="img" aria-label="${escapeHtml(c.title)}"></canvas></div>`,
    '</figure>',
  ].join('');
}

/**
 * The self-contained HTML report of an experiment: facts about the run and its data, the ranked
 * results table, a per-run table, the resolved experiment, and charts of the mean ± std curves,
 * drawn by the inlined `opts.script` from JSON embedded in the page. A fresh nonce per render
 * lets only these scripts and styles run (no network, no inline handlers); every user-supplied
 * string is escaped for its context.
 */
export function renderReport(
  record: RunRecord,
  curves: Map<string, CurvesFile>,
  opts: ReportOptions,
): string {
  const nonce = newNonce();
  const data = buildReportData(record, curves);
  const csp = contentSecurityPolicy(nonce);
  const description = record.experiment['description'];
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(record.name)} — Optimizer Lab report</title>
<style nonce="${nonce}">${STYLE}</style>
</head>
<body>
<header>
<h1>${escapeHtml(record.name)}</h1>
${typeof description === 'string' && description ? `<p>${escapeHtml(description)}</p>` : ''}
<p class="muted">Optimizer Lab report, ${escapeHtml(record.id)}</p>
</header>
${describeRun(record)}
${describeProblem(record)}
<h2>Results</h2>
<p class="muted">Configurations ranked by the mean objective of their finished runs (population std over seeds); ties go to the faster; configurations with a diverged run come after the others and those without a finished run last.</p>
<div class="scroll">
${renderResultsTable(record)}
</div>
${renderDiagnoses(record)}
<h2>Curves</h2>
<p class="muted">Mean over the runs of each configuration, shaded ± one standard deviation.</p>
<div class="charts">
${data.charts.map(renderChart).join('\n')}
</div>
<details id="per-run">
<summary>Every run (${record.runs.length})</summary>
<div class="scroll">
${renderRunsTable(record)}
</div>
</details>
<details id="experiment">
<summary>Resolved experiment</summary>
<pre>${escapeHtml(JSON.stringify(record.experiment, null, 2))}</pre>
</details>
<script type="application/json" id="report-data" nonce="${nonce}">${jsonForScript(data)}</script>
<script nonce="${nonce}">${inlineScript(opts.script)}</script>
</body>
</html>
`;
}
