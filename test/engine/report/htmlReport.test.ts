import { test } from 'node:test';
import assert from 'node:assert/strict';
import { renderReport } from '../../../src/engine/report/htmlReport';
import { aggregateConfigurations } from '../../../src/engine/runs/aggregate';
import type { ReportData } from '../../../src/engine/report/reportData';
import { recordSchema, type RunRecord } from '../../../src/protocol/record';
import { elementText, tableRows, tokenize, type Token } from './htmlTokens';
import { sampleRecord } from './sampleRecord';

const SCRIPT = 'document.documentElement.dataset.drawn = "yes";';

function render(record: RunRecord, curves: Parameters<typeof renderReport>[1]) {
  const html = renderReport(record, curves, { script: SCRIPT });
  const tokens = tokenize(html);
  return { html, tokens, data: JSON.parse(elementText(tokens, 'report-data')) as ReportData };
}

function sampleStats(values: number[]): { mean: number; std: number } {
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  return { mean, std: Math.sqrt(values.reduce((a, v) => a + (v - mean) ** 2, 0) / (values.length - 1)) };
}

test('the results table lists configurations in rank order with their objective mean ± std', () => {
  const { record, curves } = sampleRecord(
    [
      { label: 'SGD(lr=0.1)', start: 1, decay: 0.9, floor: 0.3 },
      { label: 'Adam(lr=0.01)', start: 1, decay: 0.8, floor: 0.1 },
      { label: 'SGD(lr=10)', start: 1, decay: 0.9, floor: 0.1, divergeAt: 3 },
      { label: 'RMSprop(lr=0.01)', start: 1, decay: 0.85, floor: 0.2 },
    ],
    { seeds: 3 },
  );
  const { tokens } = render(record, curves);
  const [head, ...rows] = tableRows(tokens, 'results');
  assert.deepEqual(head?.slice(0, 4), [
    'rank',
    'configuration',
    'runs',
    'val_loss (final, lower is better) mean ± std',
  ]);
  assert.deepEqual(
    rows.map((r) => [r[0], r[1], r[2]]),
    [
      ['1', 'Adam(lr=0.01)', '3 done'],
      ['2', 'RMSprop(lr=0.01)', '3 done'],
      ['3', 'SGD(lr=0.1)', '3 done'],
      ['—', 'SGD(lr=10)', '3 diverged'],
    ],
  );
  const adam = sampleStats(record.runs.filter((r) => r.configIndex === 1).map((r) => r.objective!));
  assert.ok(adam.std > 0);
  const [mean, std] = rows[0]![3]!.split(' ± ').map(Number);
  assert.ok(Math.abs(mean! / adam.mean - 1) < 1e-3, `mean ${mean} vs ${adam.mean}`);
  assert.ok(Math.abs(std! / adam.std - 1) < 1e-3, `std ${std} vs ${adam.std}`);
  assert.equal(rows[3]?.[3], '—');
  // Columns: the interval, the best run, final train, final val, best val, val accuracy, steps, time.
  assert.equal(head?.length, 12);
  assert.deepEqual(head?.slice(4), [
    '95% CI',
    'best run',
    'final train loss',
    'final val loss',
    'best val loss',
    'val accuracy',
    'steps',
    'time',
  ]);
  assert.equal(rows[0]?.[10], '120');
  const [lo, hi] = rows[0]![4]!.replace(/[[\]]/g, '').split(', ').map(Number);
  assert.ok(lo! < mean! && mean! < hi!, rows[0]![4]);
  assert.match(rows[0]![5]!, /^c1-s\d$/);

  const perRun = tableRows(tokens, 'runs');
  assert.equal(perRun.length, 1 + record.runs.length);
  assert.ok(
    perRun.some(
      (r) => r.includes('diverged') && r.includes('the parameters or the loss became NaN or infinite'),
    ),
  );
});

test('equal objectives are a tie: a shared rank, the lower configuration index first, never the faster', () => {
  const { record, curves } = sampleRecord([
    { label: 'slow', start: 1, decay: 0.8, floor: 0.1, elapsedMs: 900 },
    { label: 'fast', start: 1, decay: 0.8, floor: 0.1, elapsedMs: 300 },
  ]);
  const rows = tableRows(render(record, curves).tokens, 'results').slice(1);
  assert.deepEqual(
    rows.map((r) => [r[0], r[1], r.at(-1)]),
    [
      ['1', 'slow', '901 ms'],
      ['1', 'fast', '301 ms'],
    ],
  );
});

test('the embedded chart data are the aggregates over seeds', () => {
  const { record, curves } = sampleRecord(
    [
      { label: 'A', start: 2, decay: 0.9, floor: 0.2 },
      { label: 'B', start: 1, decay: 0.7, floor: 0.1, divergeAt: 12 },
    ],
    { epochs: 30 },
  );
  const { data } = render(record, curves);
  const aggregates = aggregateConfigurations(record.runs, curves);
  assert.equal(data.kind, 'data');
  assert.deepEqual(
    data.charts.map((c) => c.id),
    ['chart-epoch-loss', 'chart-val-metric-0'],
  );
  assert.equal(data.configurations.length, 2);
  for (const [i, a] of aggregates.entries()) {
    const c = data.configurations[i]!;
    assert.equal(c.label, a.label);
    assert.equal(c.runs, 2);
    assert.deepEqual(c.trainLoss, { x: a.trainLoss.mean.map((_, k) => k), ...a.trainLoss });
    assert.deepEqual(c.valLoss, { x: a.valLoss!.mean.map((_, k) => k), ...a.valLoss! });
    assert.deepEqual(c.valMetrics['accuracy']?.mean, a.valMetrics['accuracy']?.mean);
    // Data runs do not ship batch losses, and a constant learning rate draws no chart.
    assert.equal(c.stepLoss, null);
    assert.equal(c.stepLr, null);
  }
  assert.notEqual(data.configurations[0]!.color, data.configurations[1]!.color);
  // B diverged at epoch 12 in both seeds: no statistics there, two non-finite values.
  const b = data.configurations[1]!.trainLoss!;
  assert.equal(b.mean.length, 13);
  assert.equal(b.mean[12], null);
  assert.equal(b.nonFinite[12], 2);
});

function surfaceRecord(steps: number) {
  const { record, curves } = sampleRecord(
    [
      { label: 'Adam(lr=0.05)', start: 20, decay: 0.99, floor: 0, lr: (s) => 0.05 * 0.999 ** s },
      { label: 'SGD(lr=0.001)', start: 20, decay: 0.995, floor: 0, lr: (s) => 0.001 * 0.999 ** s },
    ],
    { epochs: steps, stepsPerEpoch: 1 },
  );
  const surfaced = recordSchema.parse({
    ...record,
    dataset: null,
    experiment: { kind: 'surface', name: record.name, surface: { name: 'rosenbrock' } },
    objective: { metric: 'train_loss', mode: 'min', use: 'final' },
    // A surface has no validation split: no validation losses, no metrics.
    runs: record.runs.map((r) => ({
      ...r,
      final_val_loss: null,
      best_val_loss: null,
      best_epoch: null,
      objective: r.final_train_loss,
      metrics: {},
    })),
  });
  for (const c of curves.values()) c.epochValidation = c.epochValidation.map(() => null);
  return { record: surfaced, curves };
}

test('a surface report draws the per-step loss and the learning rate, decimated to at most 2000 points', () => {
  const { record, curves } = surfaceRecord(9000);
  const { data, tokens, html } = render(record, curves);
  assert.equal(data.kind, 'surface');
  assert.deepEqual(
    data.charts.map((c) => [c.id, c.positive]),
    [
      ['chart-step-loss', true],
      ['chart-lr', true],
    ],
  );
  for (const c of data.configurations) {
    assert.equal(c.trainLoss, null);
    const s = c.stepLoss!;
    assert.ok(s.x.length <= 2000 && s.x.length > 1000, `${s.x.length} points`);
    assert.equal(s.x[0], 0);
    assert.equal(s.x.at(-1), 8999);
    assert.equal(s.mean.length, s.x.length);
    assert.ok(c.stepLr!.x.length <= 2000);
  }
  const full = aggregateConfigurations(record.runs, curves)[0]!.stepLoss;
  const shown = data.configurations[0]!.stepLoss!;
  shown.x.forEach((x, k) => assert.equal(shown.mean[k], full.mean[x]));
  // The canvases the script draws into are in the page.
  for (const id of ['chart-step-loss', 'chart-lr']) {
    assert.ok(tokens.some((t) => t.type === 'open' && t.tag === 'canvas' && t.attrs['id'] === id));
  }
  assert.match(html, /<dt>surface<\/dt><dd>rosenbrock<\/dd>/);
  assert.deepEqual(tableRows(tokens, 'results')[0], [
    'rank',
    'configuration',
    'runs',
    'train_loss (final, lower is better) mean ± std',
    '95% CI',
    'best run',
    'final train loss',
    'steps',
    'time',
  ]);
});

const EVIL = '</script><script>alert(1)</script>"&<>\'<!--';

test('user strings cannot break out of the HTML or the JSON block', () => {
  const { record, curves } = sampleRecord([{ label: EVIL, start: 1, decay: 0.9, floor: 0.1 }], {
    name: EVIL,
  });
  record.dataset!.features = [EVIL, 'x2'];
  record.experiment['description'] = EVIL;
  const { html, tokens, data } = render(record, curves);
  assert.ok(!html.includes('<script>alert'), 'a raw <script> from user text');
  assert.ok(!html.includes(EVIL));
  const scripts = tokens.filter((t) => t.type === 'open' && t.tag === 'script');
  assert.equal(scripts.length, 2, 'only the data block and the chart script');
  assert.equal(data.name, EVIL);
  assert.equal(data.configurations[0]?.label, EVIL);
  const json = elementText(tokens, 'report-data');
  assert.ok(!/[<>]/.test(json), 'the JSON block holds no < or >');
  const title = tokens.findIndex((t) => t.type === 'open' && t.tag === 'title');
  assert.deepEqual(tokens[title + 1], { type: 'text', text: `${EVIL} — Optimizer Lab report` });
  assert.equal(tableRows(tokens, 'results')[1]?.[1], EVIL);
  const h1 = tokens.findIndex((t) => t.type === 'open' && t.tag === 'h1');
  assert.deepEqual(tokens[h1 + 1], { type: 'text', text: EVIL });
  // The resolved experiment is shown, escaped, and reads back as the same JSON.
  const pre = tokens.findIndex((t) => t.type === 'open' && t.tag === 'pre');
  const text = tokens[pre + 1];
  assert.ok(text?.type === 'text');
  assert.deepEqual(JSON.parse(text.text), record.experiment);
});

test('a bundled script containing </script> or <!-- is inlined without closing the element', () => {
  const { record, curves } = sampleRecord([{ label: 'a', start: 1, decay: 0.9, floor: 0.1 }]);
  const script = 'const s = "</script><!--"; console.log(s);\n//# sourceMappingURL=report.js.map\n';
  const html = renderReport(record, curves, { script });
  const tokens = tokenize(html);
  const last = tokens.filter((t) => t.type === 'open' && t.tag === 'script').at(-1)!;
  const body = tokens[tokens.indexOf(last) + 1];
  assert.ok(body?.type === 'text');
  assert.equal(body.text, 'const s = "<\\/script><\\!--"; console.log(s);\n\n');
  assert.ok(!html.includes('sourceMappingURL'));
  // JavaScript reads the escaped string literal as the original one.
  assert.equal(new Function(`${body.text.replace('console.log(s);', '')} return s;`)(), '</script><!--');
});

function tagsOf(tokens: Token[]): Extract<Token, { type: 'open' }>[] {
  return tokens.filter((t): t is Extract<Token, { type: 'open' }> => t.type === 'open');
}

test('a strict CSP with a fresh nonce that every script and style carries; no inline handlers or styles', () => {
  const { record, curves } = sampleRecord([{ label: 'a', start: 1, decay: 0.9, floor: 0.1 }]);
  const a = render(record, curves);
  const b = render(record, curves);
  const meta = tagsOf(a.tokens).find(
    (t) => t.tag === 'meta' && t.attrs['http-equiv'] === 'Content-Security-Policy',
  );
  assert.ok(meta, 'CSP meta tag');
  const m =
    /^default-src 'none'; style-src 'nonce-([A-Za-z0-9+/=]+)'; img-src data:; script-src 'nonce-\1'$/.exec(
      meta.attrs['content']!,
    );
  assert.ok(m, meta.attrs['content']);
  const nonce = m[1]!;
  assert.ok(Buffer.from(nonce, 'base64').length >= 16);
  const tags = tagsOf(a.tokens);
  const scripted = tags.filter((t) => t.tag === 'script' || t.tag === 'style');
  assert.equal(scripted.length, 3);
  for (const t of scripted) assert.equal(t.attrs['nonce'], nonce, t.raw);
  for (const t of tags) {
    for (const name of Object.keys(t.attrs)) {
      assert.ok(!name.startsWith('on'), `inline handler ${name} in ${t.raw}`);
      assert.notEqual(name, 'style', `inline style in ${t.raw}`);
    }
    for (const k of ['src', 'href']) assert.ok(!t.attrs[k], `${k} in ${t.raw}`);
  }
  const bNonce = tagsOf(b.tokens).find((t) => t.tag === 'script')!.attrs['nonce'];
  assert.notEqual(bNonce, nonce, 'a fresh nonce per render');
});

test('the report says when and where it ran and what data it used', () => {
  const { record, curves } = sampleRecord([{ label: 'a', start: 1, decay: 0.9, floor: 0.1 }]);
  const { html } = render(record, curves);
  assert.match(html, /<dt>started<\/dt><dd>2026-01-02T03:04:05.006Z<\/dd>/);
  assert.match(html, /Node v20\.20\.2, linux\/x64, 8 CPUs, 4 workers/);
  assert.match(html, /<dt>file<\/dt><dd>\/home\/user\/project\/data\.csv<\/dd>/);
  assert.match(html, /200 \(train 140, validation 60, test 0\)/);
});
