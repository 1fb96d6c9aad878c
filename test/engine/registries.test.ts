// Adding an optimizer, a data format or an export target to its table and forgetting a dependent
// table is a compile error: the TypeScript compiler checks the project with the root table edited.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join, relative, resolve } from 'node:path';
import ts from 'typescript';

const root = resolve(import.meta.dirname, '../..');
const file = (p: string) => join(root, p);

/** The root tables, each with a test-only entry appended (the edit a contributor starts with). */
const edits: Record<string, [anchor: string, addition: string]> = {
  'src/protocol/optimizers.ts': [
    '  Adamax: adamaxSchema,\n} as const;',
    "  Adamax: adamaxSchema,\n  TestOnly: sgdSchema.extend({ name: z.literal('TestOnly') }),\n} as const;",
  ],
  'src/protocol/dataFormats.ts': [
    "  parquet: { extensions: ['.parquet', '.pq'], streams: true },\n",
    "  parquet: { extensions: ['.parquet', '.pq'], streams: true },\n  testonly: { extensions: ['.testonly'], streams: false },\n",
  ],
  'src/protocol/exportTargets.ts': [
    '} as const satisfies Record<string, ExportTargetEntry>;',
    "  testonly: { label: 'T', detail: 'T', help: ['T'], sidecar: false, fileExtension: 'py' },\n} as const satisfies Record<string, ExportTargetEntry>;",
  ],
};

/** Type errors of the project's source with the edits applied, as `file: message` lines. */
function typeErrors(): string[] {
  const config = ts.getParsedCommandLineOfConfigFile(
    file('tsconfig.json'),
    {},
    {
      ...ts.sys,
      onUnRecoverableConfigFileDiagnostic: (d) =>
        assert.fail(ts.flattenDiagnosticMessageText(d.messageText, '\n')),
    },
  )!;
  const host = ts.createCompilerHost(config.options);
  const read = host.readFile.bind(host);
  host.readFile = (name) => {
    const text = read(name);
    const edit = edits[relative(root, name).split('\\').join('/')];
    if (text === undefined || !edit) return text;
    assert.ok(text.includes(edit[0]), `${name} still holds the anchor "${edit[0].trim()}"`);
    return text.replace(edit[0], edit[1]);
  };
  // Every source file, not the tests (which name optimizers freely).
  const roots = config.fileNames.filter((f) => !relative(root, f).startsWith('test'));
  const program = ts.createProgram(roots, { ...config.options, noEmit: true }, host);
  return ts.getPreEmitDiagnostics(program).map((d) => {
    const where = d.file ? relative(root, d.file.fileName).split('\\').join('/') : '(project)';
    return `${where}: ${ts.flattenDiagnosticMessageText(d.messageText, ' ')}`;
  });
}

test('a test-only optimizer, data format and export target each fail to compile until every table has them', () => {
  const errors = typeErrors();
  const filesWith = (pattern: RegExp) =>
    [...new Set(errors.filter((e) => pattern.test(e)).map((e) => e.split(':')[0]))].sort();
  // The optimizer: its presets, its engine constructor and its code mappings.
  assert.deepEqual(filesWith(/'TestOnly'/), [
    'src/engine/optim/index.ts',
    'src/engine/pyCode/optimizerExports.ts',
    'src/protocol/optimizers.ts',
  ]);
  // The data format: the reader of whole files.
  assert.deepEqual(filesWith(/lacks ending return statement|'testonly'.*DataFormat|DataFormat.*'testonly'/), [
    'src/engine/data/loadTable.ts',
  ]);
  // The export target: its exporter.
  assert.ok(
    errors.some((e) => e.startsWith('src/engine/export/index.ts: ') && e.includes("'testonly'")),
    errors.join('\n'),
  );
  // Nothing else breaks: everywhere else the names come from the tables.
  const explained = /'TestOnly'|'testonly'|lacks ending return statement/;
  assert.deepEqual(
    errors.filter((e) => !explained.test(e)),
    [],
  );
});
