// The report's charts: reads the JSON the engine embedded (#report-data) and draws one chart.js
// line chart per entry of its chart list into the canvas of the same id. Bundled with chart.js
// into dist/report.js and inlined into report.html, so it must not touch the network.
import { Chart } from '../shared/chartSetup';
import type { ReportChart, ReportData } from '../../src/engine/report/reportData';
import { bandDatasets, chartDatasets, meanPointTooltip, type MeanPoint } from '../shared/meanBand';
import { formatSignificant } from '../shared/format';

function readData(): ReportData {
  const el = document.getElementById('report-data');
  if (!el?.textContent) throw new Error('report: the #report-data block is missing');
  return JSON.parse(el.textContent) as ReportData;
}

/** A log-axis tick without the padding chart.js gives it (`0.0010`, `500.0000`). */
function logTick(value: number | string): string {
  return formatSignificant(Number(value), 3, 0);
}

function yScale(spec: ReportChart, log: boolean) {
  const title = { display: true, text: spec.yLabel };
  return log
    ? { type: 'logarithmic' as const, title, ticks: { callback: logTick } }
    : { type: 'linear' as const, title };
}

function drawChart(spec: ReportChart, data: ReportData): Chart<'line', MeanPoint[]> | null {
  const canvas = document.getElementById(spec.id);
  if (!(canvas instanceof HTMLCanvasElement)) return null;
  return new Chart<'line', MeanPoint[]>(canvas, {
    type: 'line',
    data: { datasets: chartDatasets(spec, data.configurations, false) },
    options: {
      // No animation: the first frame is the final one, so screenshots are deterministic.
      animation: false,
      responsive: true,
      maintainAspectRatio: false,
      interaction: { mode: 'nearest', axis: 'x', intersect: false },
      scales: {
        x: {
          type: 'linear',
          title: { display: true, text: spec.xLabel },
          ticks: { precision: 0 },
          // End the axis at the last point, not at the next round tick.
          bounds: 'data',
          min: 0,
        },
        y: yScale(spec, false),
      },
      plugins: {
        legend: {
          position: 'bottom',
          labels: {
            boxHeight: 2,
            filter: (item, chartData) =>
              item.datasetIndex === undefined || !bandDatasets.has(chartData.datasets[item.datasetIndex]!),
          },
        },
        tooltip: {
          filter: (item) => !bandDatasets.has(item.dataset),
          callbacks: { label: meanPointTooltip },
        },
      },
    },
  });
}

function wireLogToggle(spec: ReportChart, chart: Chart<'line', MeanPoint[]>, data: ReportData): void {
  const button = document.querySelector<HTMLButtonElement>(`button.log-toggle[data-chart="${spec.id}"]`);
  if (!button) return;
  button.addEventListener('click', () => {
    const log = button.getAttribute('aria-pressed') !== 'true';
    button.setAttribute('aria-pressed', String(log));
    // Replace only the y scale: the resolved options of the others must stay as they are.
    if (chart.options.scales) chart.options.scales['y'] = yScale(spec, log);
    chart.data.datasets = chartDatasets(spec, data.configurations, log);
    chart.update();
  });
}

/**
 * Inside a VS Code report tab, hands the tab's state (which report it shows) to VS Code so the
 * tab comes back after a reload; a report opened in a browser has no such block and no API.
 */
function keepPanelState(): void {
  const block = document.getElementById('optimizer-lab-panel-state');
  const acquire = (globalThis as { acquireVsCodeApi?: () => { setState(s: unknown): void } })
    .acquireVsCodeApi;
  if (block?.textContent && acquire) acquire().setState(JSON.parse(block.textContent) as unknown);
}

function main(): void {
  keepPanelState();
  const data = readData();
  for (const spec of data.charts) {
    const chart = drawChart(spec, data);
    if (chart) wireLogToggle(spec, chart, data);
  }
  // Lets tests and screenshot tools know every chart has been drawn once.
  document.documentElement.dataset['chartsReady'] = 'true';
}

main();
