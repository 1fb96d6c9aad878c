// The parallel coordinates' scene and its SVG: one path per trial with the canvas's styles, the
// axes (an "n/a" level for a conditional parameter, names escaped), brushed ranges, and a document
// the host's check accepts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { parallelScene, parallelSvg } from '../../webview/lab/parallelScene';
import { NA_BAND } from '../../webview/lab/searchModel';
import type { ThemeColors } from '../../webview/shared/theme';
import { svgBytes } from '../../src/extension/svgImage';
import { sampleSearch } from './labData';

const colors: ThemeColors = {
  foreground: '#cccccc',
  muted: '#999999',
  grid: 'rgba(128, 128, 128, 0.3)',
  background: '#1e1e1e',
  series: ['#3794ff', '#f14c4c'],
};

const parse = (svg: string) =>
  new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: '',
    isArray: (_n, path) => ['svg.g', 'svg.g.path', 'svg.line', 'svg.rect', 'svg.text'].includes(String(path)),
  }).parse(svg).svg as {
    g: {
      path: {
        d: string;
        stroke: string;
        'stroke-width': string;
        'stroke-dasharray'?: string;
        title: string;
      }[];
    }[];
    line: { x1: string; y1: string; y2: string }[];
    rect: { class?: string }[];
    text: (string | { '#text': string })[];
  };
const texts = (doc: ReturnType<typeof parse>) =>
  doc.text.map((t) => (typeof t === 'string' ? t : t['#text']));

test('one path per trial, the best last in the second colour, the pruned one dashed', () => {
  const { record, state } = sampleSearch();
  const scene = parallelScene(record, state, new Map(), colors, 600, 300);
  const svg = parallelSvg(scene, colors);
  assert.equal(XMLValidator.validate(svg), true);
  assert.ok(svgBytes(svg), 'the host accepts it as a plain SVG');
  const doc = parse(svg);
  const paths = doc.g[0]!.path;
  assert.deepEqual(
    paths.map((p) => p.title),
    ['#2', '#0', '#1'],
    'unfinished first, then finished worst to best, the best on top',
  );
  const best = paths.at(-1)!;
  assert.equal(best.stroke, '#f14c4c');
  assert.equal(best['stroke-width'], '3');
  assert.equal(paths[0]!['stroke-dasharray'], '3 3', 'the pruned trial is dashed');
  // optimizer, lr, momentum, objective: four axes.
  assert.equal(doc.line.length, 4);
  // Finished trials reach all of them (n/a included); the pruned one has no objective value.
  const stops = (p: { d: string }) => p.d.match(/[ML]/g)!.length;
  assert.deepEqual(paths.map(stops), [3, 4, 4]);
  assert.equal(scene.selected, 3);
});

test('a conditional parameter gets an "n/a" level below its range; Adam trials sit on it', () => {
  const { record, state } = sampleSearch();
  const scene = parallelScene(record, state, new Map(), colors, 600, 300);
  const momentum = scene.axes.find((a) => a.name === 'momentum')!;
  const lr = scene.axes.find((a) => a.name === 'lr')!;
  const na = momentum.ticks.find((t) => t.text === 'n/a')!;
  const foot = 28 + (300 - 28 - 24);
  assert.equal(na.y, foot, 'n/a at the foot');
  assert.equal(lr.y1, foot, 'an axis without n/a spans the whole height');
  assert.equal(momentum.y1, 28 + (1 - NA_BAND) * (300 - 28 - 24), 'the range stops above the n/a level');
  const i = scene.axes.indexOf(momentum);
  const adam = scene.trials.find((t) => t.id === 1)!;
  assert.equal(adam.points[i]![1], foot);
  assert.ok(texts(parse(parallelSvg(scene, colors))).includes('n/a'));
});

test('brushed ranges are drawn and trials outside them greyed, as on the canvas', () => {
  const { record, state } = sampleSearch();
  // The top of the optimizer axis: Adam (trials 1 and 2).
  const scene = parallelScene(record, state, new Map([[0, [0.8, 1] as [number, number]]]), colors, 600, 300);
  assert.equal(scene.selected, 2);
  const sgd = scene.trials.find((t) => t.id === 0)!;
  assert.equal(sgd.selected, false);
  assert.equal(sgd.color, 'rgba(153, 153, 153, 0.12)');
  const doc = parse(parallelSvg(scene, colors));
  assert.equal(doc.rect.filter((r) => r.class === 'brush').length, 1);
});

test('axis names and labels are escaped and read back intact', () => {
  const { record, state } = sampleSearch();
  const odd = 'lr <"max"> & \'min\'';
  const search = record.experiment.search as { parameters: Record<string, unknown> };
  const renamed = {
    ...record,
    experiment: {
      ...record.experiment,
      search: {
        ...search,
        parameters: { ...search.parameters, [odd]: { type: 'uniform', low: 0, high: 1 } },
      },
    },
  } as typeof record;
  const trials = state.trials.map((t) => ({ ...t, params: { ...t.params, [odd]: 0.5 } }));
  const scene = parallelScene(renamed, { ...state, trials }, new Map(), colors, 600, 300);
  const svg = parallelSvg(scene, colors);
  assert.equal(XMLValidator.validate(svg), true);
  assert.ok(!svg.includes(odd), 'not written raw');
  assert.ok(texts(parse(svg)).includes(odd));
  assert.equal(parse(svg).g[0]!.path.length, 3);
});
