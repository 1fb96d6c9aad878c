// Charts saved as SVG: a well-formed document with every series (colour, dash pattern, label),
// bands, ticks and gaps, built from the data and scales rather than the canvas.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import {
  axisFraction,
  chartSvg,
  datasetMarkers,
  escapeXml,
  scaleAxis,
  type SvgChart,
} from '../../webview/lab/chartSvg';
import { svgBytes } from '../../src/extension/svgImage';

function sample(): SvgChart {
  return {
    width: 400,
    height: 240,
    background: '#1e1e1e',
    foreground: '#ccc',
    muted: '#999',
    grid: 'rgba(128, 128, 128, 0.3)',
    x: {
      min: 0,
      max: 10,
      log: false,
      title: 'epoch',
      ticks: [0, 5, 10].map((v) => ({ value: v, label: String(v) })),
    },
    y: {
      min: 0.01,
      max: 10,
      log: true,
      title: 'loss',
      ticks: [0.01, 0.1, 1, 10].map((v) => ({ value: v, label: String(v) })),
    },
    series: [
      {
        label: 'SGD(lr=0.1) train',
        color: '#1f77b4',
        dash: [],
        width: 2,
        points: [0, 1, 2, 3].map((x) => ({ x, y: 10 / (x + 1) })),
      },
      {
        label: 'Adam(lr=0.01) <val> & "x"',
        color: '#d62728',
        dash: [10, 4],
        width: 1.25,
        // A gap (null) and a value a log axis cannot draw (0) break the line in three.
        points: [
          { x: 0, y: 5 },
          { x: 1, y: 2 },
          { x: 2, y: null },
          { x: 3, y: 1 },
          { x: 4, y: 0.5 },
          { x: 5, y: 0 },
          { x: 6, y: 0.2 },
          { x: 7, y: 0.1 },
        ],
      },
      {
        label: 'band',
        color: 'rgba(31, 119, 180, 0.16)',
        dash: [],
        width: 0,
        points: [0, 1, 2].map((x) => ({ x, y: 1 })),
        fillTo: [0, 1, 2].map((x) => ({ x, y: 2 })),
      },
    ],
  };
}

test('the SVG is well-formed XML with a polyline per unbroken stretch of each series, and a legend', () => {
  const svg = chartSvg(sample());
  assert.equal(XMLValidator.validate(svg), true);
  const doc = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '' }).parse(svg);
  const root = doc.svg;
  assert.equal(root.xmlns, 'http://www.w3.org/2000/svg');
  const lines = [root.g.polyline].flat();
  const titles = lines.map((l: { title: string }) => l.title);
  assert.equal(titles.filter((t: string) => t === 'SGD(lr=0.1) train').length, 1);
  // The second series: [0,1], [3,4] and [6,7] (a null and a 0 on a log axis break it).
  assert.equal(titles.filter((t: string) => t.startsWith('Adam')).length, 3);
  const adam = lines.find((l: { title: string }) => l.title.startsWith('Adam'));
  assert.equal(adam['stroke-dasharray'], '10 4');
  assert.equal(adam.stroke, '#d62728');
  // The band is a filled polygon, not a line, and not in the legend.
  assert.equal([root.g.polygon].flat().length, 1);
  const legend = [root.text]
    .flat()
    .map((t: string | { '#text': string }) => (typeof t === 'string' ? t : t['#text']));
  assert.ok(legend.includes('SGD(lr=0.1) train'));
  assert.ok(legend.includes('Adam(lr=0.01) <val> & "x"'), 'labels are escaped and read back intact');
  assert.ok(!legend.includes('band'));
  assert.ok(legend.includes('epoch') && legend.includes('loss'));
});

test('the host accepts the chart SVG and refuses scripts, handlers and outside references', () => {
  assert.ok(svgBytes(chartSvg(sample())));
  const base = '<svg xmlns="http://www.w3.org/2000/svg" width="1" height="1">';
  assert.ok(svgBytes(`${base}<text>a label with onload= and href= in it</text></svg>`));
  assert.equal(svgBytes(`${base}<script>alert(1)</script></svg>`), null);
  assert.equal(svgBytes(`${base}<rect onload="alert(1)"/></svg>`), null);
  assert.equal(svgBytes(`${base}<a href="https://x"><rect/></a></svg>`), null);
  assert.equal(svgBytes(`${base}<rect fill="url(https://x/y)"/></svg>`), null);
  assert.equal(svgBytes('<html><svg xmlns="http://www.w3.org/2000/svg"></svg></html>'), null);
  assert.equal(svgBytes(`${base}<rect/>`), null, 'not closed');
});

test('axis positions: linear and log, and what a log axis cannot draw', () => {
  const lin = { min: 0, max: 10, log: false, title: '', ticks: [] };
  assert.equal(axisFraction(lin, 5), 0.5);
  const log = { min: 0.01, max: 10, log: true, title: '', ticks: [] };
  assert.ok(Math.abs(axisFraction(log, 0.1)! - 1 / 3) < 1e-12);
  assert.equal(axisFraction(log, 0), null);
  assert.equal(axisFraction(lin, Number.NaN), null);
  assert.equal(escapeXml(`<a & "b" 'c'>`), '&lt;a &amp; &quot;b&quot; &apos;c&apos;&gt;');
});

test('a scatter saves as markers: shapes, sizes and colours per point, each titled, none joined', () => {
  const points = [
    { x: 1, y: 1 },
    { x: 2, y: 0.5 },
    { x: 3, y: null },
    { x: 4, y: 2 },
  ];
  // The search scatter's options: per-point radius, style and colours; "transparent" is no paint.
  const markers = datasetMarkers(
    {
      pointRadius: [4, 6, 4, 4],
      pointStyle: ['circle', 'circle', 'circle', 'crossRot'],
      backgroundColor: ['#1f77b4', '#d62728', '#1f77b4', 'transparent'],
      borderColor: 'rgba(0, 0, 0, 0)',
    },
    points.length,
    ['#0 SGD', '#1 Adam <best>', '#2', '#3 pruned'],
  );
  assert.deepEqual(
    markers.map((m) => [m.shape, m.radius, m.fill]),
    [
      ['circle', 4, '#1f77b4'],
      ['circle', 6, '#d62728'],
      ['circle', 4, '#1f77b4'],
      ['cross', 4, 'none'],
    ],
  );
  assert.equal(datasetMarkers({ pointStyle: 'triangle' }, 1)[0]!.shape, 'triangle');
  assert.equal(datasetMarkers({}, 1)[0]!.radius, 3, "chart.js's default radius");
  const c = sample();
  c.y = { ...c.y, min: 0.1 };
  c.series = [{ label: 'trials', color: '', dash: [], width: 0, points, markers }];
  const svg = chartSvg(c);
  assert.equal(XMLValidator.validate(svg), true);
  assert.ok(svgBytes(svg));
  const root = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '' }).parse(svg).svg;
  assert.equal(root.g.polyline, undefined, 'points are not joined');
  const circles = [root.g.circle].flat();
  assert.deepEqual(
    circles.map((m: { title: string }) => m.title),
    ['#0 SGD', '#1 Adam <best>'],
    'the point without a value is left out',
  );
  assert.equal(circles[1].r, '6');
  assert.equal([root.g.path].flat()[0].title, '#3 pruned', 'a pruned trial is a cross');
});

test('an axis from a drawn chart.js scale keeps its range and its labels (categories, multi-line)', () => {
  const a = scaleAxis(
    {
      min: -0.5,
      max: 1.5,
      ticks: [
        { value: 0, label: 'SGD' },
        { value: 1, label: ['Adam', 'W'] },
      ],
    },
    false,
    'optimizer',
  );
  assert.deepEqual(a, {
    min: -0.5,
    max: 1.5,
    log: false,
    title: 'optimizer',
    ticks: [
      { value: 0, label: 'SGD' },
      { value: 1, label: 'Adam W' },
    ],
  });
});

test('x labels that would run together are left out, their grid lines kept', () => {
  const c = sample();
  const values = [1, 1.1, 1.2, 1.3, 5, 10];
  c.x = { ...c.x, min: 1, max: 10, ticks: values.map((v) => ({ value: v, label: v.toFixed(3) })) };
  c.series = [];
  const root = new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: '',
    parseTagValue: false,
  }).parse(chartSvg(c)).svg;
  const labels = [root.text]
    .flat()
    .map((t: string | { '#text': string }) => (typeof t === 'string' ? t : t['#text']));
  assert.deepEqual(
    labels.filter((l: string) => /^\d+\.\d{3}$/.test(l)),
    ['1.000', '5.000', '10.000'],
  );
  assert.equal(
    [root.line].flat().filter((l: { x1: string; x2: string }) => l.x1 === l.x2).length,
    values.length,
  );
});
