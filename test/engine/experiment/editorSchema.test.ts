import { test } from 'node:test';
import assert from 'node:assert/strict';
import { getLanguageService, TextDocument, type JSONSchema } from 'vscode-json-languageservice';
import { editorJsonSchema } from '../../../src/engine/experiment/editorSchema';

// VS Code's own JSON language service, fed the editor schema: what a user sees while typing.
const URI = 'file:///w/demo.optlab.json';
const service = getLanguageService({});
service.configure({
  validate: true,
  schemas: [
    { uri: 'optlab://schema', fileMatch: ['*.optlab.json'], schema: editorJsonSchema() as JSONSchema },
  ],
});

function open(text: string) {
  const doc = TextDocument.create(URI, 'json', 1, text);
  return { doc, json: service.parseJSONDocument(doc) };
}

async function hoverAt(text: string, word: string): Promise<string> {
  const { doc, json } = open(text);
  const hover = await service.doHover(doc, doc.positionAt(text.indexOf(word) + 1), json);
  const contents = hover?.contents;
  return Array.isArray(contents) ? contents.map(String).join('\n') : JSON.stringify(contents ?? '');
}

test('the editor schema reports nothing: the extension is the one voice on problems', async () => {
  const text = JSON.stringify({
    data: { path: 'x.csv', target: 'y', split: { validation: 3 }, extra: 1 },
    optimizers: [
      { name: 'Adamm', lr: -1 },
      { name: 'SGD', lrr: 'x' },
    ],
    training: { epochs: 0, batch_size: 'all' },
  });
  const { doc, json } = open(text);
  assert.deepEqual(await service.doValidation(doc, json), []);
});

test('every key of a data experiment has a hover, split and preprocessing included', async () => {
  const text =
    '{"data": {"path": "x.csv", "target": "y", "split": {"validation": 0.2, "stratify": true},' +
    ' "preprocessing": {"missing": "drop"}}, "optimizers": [{"name": "Adam", "betas": [0.9, 0.99]}]}';
  for (const [word, expected] of [
    ['"split"', 'validation and test fractions'],
    ['"preprocessing"', 'missing values'],
    ['"stratify"', 'class proportions'],
    ['"missing"', 'drop the row'],
    ['"betas"', 'running averages'],
    ['"name"', 'optim class'],
  ] as const) {
    assert.match(await hoverAt(text, word), new RegExp(expected), word);
  }
});

test('completions inside an optimizer follow its name', async () => {
  const text = '{"optimizers": [{"name": "Adam", }]}';
  const { doc, json } = open(text);
  const list = await service.doComplete(doc, doc.positionAt(text.indexOf('}]')), json);
  const labels = list?.items.map((i) => i.label) ?? [];
  assert.ok(labels.includes('amsgrad'), labels.join(','));
  assert.ok(!labels.includes('nesterov'), 'no SGD keys for Adam');
  const names = '{"optimizers": [{"name": }]}';
  const n = open(names);
  const nameList = await service.doComplete(n.doc, n.doc.positionAt(names.indexOf(' }') + 1), n.json);
  assert.ok(nameList?.items.some((i) => i.label === '"RMSprop"'));
});
