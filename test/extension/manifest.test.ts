// package.json's contributions against the code: every command has a handler and a title in the
// "Optimizer Lab" category, menus name real commands, the views keep the panels' contract, the
// walkthrough completes on real commands, and every setting is typed with a default.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..', '..');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const contributes = pkg.contributes;
const declared = new Map<string, { title: string; category: string }>(
  contributes.commands.map((c: { command: string; title: string; category: string }) => [c.command, c]),
);
const commandsDir = join(root, 'src', 'extension', 'commands');
const handled = new Set(
  readdirSync(commandsDir).flatMap((f) =>
    [...readFileSync(join(commandsDir, f), 'utf8').matchAll(/\bid: '(optimizerLab\.\w+)'/g)].map(
      (m) => m[1]!,
    ),
  ),
);

test('every command handler is declared, in the Optimizer Lab category, and every declared command is handled', () => {
  assert.ok(handled.size >= 10);
  for (const id of handled) {
    assert.ok(declared.has(id), `${id} has a handler but no contributes.commands entry`);
    assert.equal(declared.get(id)!.category, 'Optimizer Lab');
  }
  for (const id of declared.keys()) assert.ok(handled.has(id), `${id} is declared but has no handler`);
});

test('menus name declared commands and data files get New Experiment in the explorer', () => {
  for (const [menu, entries] of Object.entries(
    contributes.menus as Record<string, { command: string; when?: string }[]>,
  )) {
    for (const e of entries) assert.ok(declared.has(e.command), `${menu}: unknown command ${e.command}`);
  }
  const explorer = contributes.menus['explorer/context'] as { command: string; when: string }[];
  const entry = explorer.find((e) => e.command === 'optimizerLab.newExperimentFromDataFile')!;
  const extname = /resourceExtname =~ \/(.*)\/i/.exec(entry.when)![1]!;
  const re = new RegExp(extname, 'i');
  for (const ext of ['.csv', '.tsv', '.json', '.jsonl', '.parquet', '.CSV']) assert.ok(re.test(ext), ext);
  assert.ok(!re.test('.txt'));
  const editorTitle = contributes.menus['editor/title'] as { command: string }[];
  assert.ok(editorTitle.some((e) => e.command === 'optimizerLab.runExperiment'));
});

test('the sidebar keeps the contract with the panels', () => {
  assert.deepEqual(contributes.viewsContainers.activitybar, [
    { id: 'optimizerLab', title: 'Optimizer Lab', icon: 'media/icon.svg' },
  ]);
  assert.ok(existsSync(join(root, 'media', 'icon.svg')));
  assert.deepEqual(contributes.views.optimizerLab, [
    { type: 'webview', id: 'optimizerLab.runPanel', name: 'Run' },
    { id: 'optimizerLab.runs', name: 'Runs' },
  ]);
});

test('the walkthrough has four steps, each completing on a declared command, with its page present', () => {
  const [walkthrough] = contributes.walkthroughs;
  assert.equal(walkthrough.steps.length, 4);
  for (const step of walkthrough.steps) {
    assert.equal(step.completionEvents.length, 1);
    const id = /^onCommand:(.+)$/.exec(step.completionEvents[0])![1]!;
    assert.ok(declared.has(id), id);
    assert.ok(step.description.includes(`(command:${id})`), `${step.id} links its command`);
    assert.ok(existsSync(join(root, step.media.markdown)), step.media.markdown);
  }
});

test('every setting is typed, has a default and a description', () => {
  const props = contributes.configuration.properties as Record<string, Record<string, unknown>>;
  for (const key of [
    'workers',
    'recordsFolder',
    'maxDataFileMB',
    'defaultPrecision',
    'smoothing',
    'chartPointCap',
  ]) {
    const p = props[`optimizerLab.${key}`];
    assert.ok(p, key);
    assert.ok(typeof p['type'] === 'string' && 'default' in p, key);
    assert.ok(p['description'] || p['markdownDescription'], key);
  }
  assert.deepEqual(props['optimizerLab.defaultPrecision']!['enum'], ['float64', 'float32']);
  assert.equal(props['optimizerLab.smoothing']!['default'], 0.6);
  assert.equal(props['optimizerLab.smoothing']!['maximum'], 0.999);
  assert.equal(props['optimizerLab.chartPointCap']!['default'], 2000);
});

test('workspace trust is declared and running is disabled in untrusted workspaces', () => {
  assert.equal(pkg.capabilities.untrustedWorkspaces.supported, 'limited');
  assert.match(pkg.capabilities.untrustedWorkspaces.description, /does not read data files, run experiments/);
  for (const id of ['optimizerLab.runExperiment', 'optimizerLab.newExperimentFromDataFile']) {
    const c = contributes.commands.find((x: { command: string }) => x.command === id);
    assert.match(c.enablement, /isWorkspaceTrusted/);
  }
});
