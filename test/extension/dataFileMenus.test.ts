// package.json's data-file lists (menu when-clauses) agree with the protocol's data-format table.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  dataFileExtensions,
  dataFileFilters,
  dataFileGlob,
  dataFileWhenClause,
  dataFormats,
  dataFormatTable,
  isDataFilePath,
} from '../../src/protocol/dataFormats';
import { detectFormat } from '../../src/engine/data/detectFormat';

interface MenuItem {
  command: string;
  when?: string;
}

const manifest = JSON.parse(readFileSync(join(import.meta.dirname, '../../package.json'), 'utf8')) as {
  contributes: { menus: Record<string, MenuItem[]> };
  activationEvents?: string[];
};
const menuItems = Object.entries(manifest.contributes.menus).flatMap(([menu, items]) =>
  items.map((item) => ({ menu, ...item })),
);

test("every when-clause of package.json that names data-file extensions is the table's clause", () => {
  const onDataFiles = menuItems.filter((m) => m.when?.includes('resourceExtname'));
  // Preview Data (editor title, explorer) and New Experiment from Data File (explorer).
  assert.ok(onDataFiles.length >= 3, `expected the data-file menus, found ${onDataFiles.length}`);
  for (const item of onDataFiles) {
    assert.equal(item.when, dataFileWhenClause, `${item.menu} / ${item.command}`);
  }
  for (const command of ['optimizerLab.previewData', 'optimizerLab.newExperimentFromDataFile']) {
    assert.ok(
      onDataFiles.some((m) => m.command === command && m.menu === 'explorer/context'),
      `${command} is offered on data files in the explorer`,
    );
  }
});

test('no activation event or other manifest string spells its own list of data-file extensions', () => {
  const text = JSON.stringify(manifest);
  const spelled = text.match(/csv\|[a-z|]+/g) ?? [];
  const expected = dataFileExtensions.map((x) => x.slice(1)).join('|');
  for (const list of spelled) assert.equal(list, expected);
  for (const event of manifest.activationEvents ?? []) assert.doesNotMatch(event, /\.(csv|parquet)\b/);
});

test('the when-clause, glob, dialog filter and detection all follow the table', () => {
  const clause = /^resourceExtname =~ \/\^\\\.\(([a-z|]+)\)\$\/i/.exec(dataFileWhenClause);
  assert.ok(clause, dataFileWhenClause);
  const bare = clause[1]!.split('|');
  assert.deepEqual(bare, ['csv', 'tsv', 'tab', 'json', 'jsonl', 'ndjson', 'parquet', 'pq']);
  assert.equal(dataFileGlob, `**/*.{${bare.join(',')}}`);
  assert.deepEqual(dataFileFilters, { 'Data files': bare });
  for (const format of dataFormats) {
    for (const ext of dataFormatTable[format].extensions) {
      assert.equal(detectFormat(`dir/file${ext.toUpperCase()}`), format);
      assert.ok(isDataFilePath(`file${ext}`));
    }
  }
  assert.ok(!isDataFilePath('notes.txt'));
  assert.ok(!isDataFilePath('csv'));
});
