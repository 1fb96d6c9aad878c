// Record folders: atomic writes survive a writer killed mid-write, and folders that are not
// readable records are reported as values instead of stopping a listing.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { writeFileAtomic } from '../../../src/engine/runs/atomicWrite';
import {
  deleteRecord,
  findRecord,
  listRecords,
  readCurves,
  readRecord,
  recordId,
  writeRecord,
  type RecordEntry,
} from '../../../src/engine/runs/records';
import { emptyRecord, tempDir } from './runSpecs';

test('writeFileAtomic: replaces the content, leaves no temporary file, and creates new files', async (t) => {
  const dir = tempDir(t);
  const path = join(dir, 'a.json');
  await writeFileAtomic(path, 'one');
  assert.equal(readFileSync(path, 'utf8'), 'one');
  await writeFileAtomic(path, new TextEncoder().encode('two'));
  assert.equal(readFileSync(path, 'utf8'), 'two');
  assert.deepEqual(readdirSync(dir), ['a.json']);
  // A target in a missing folder fails before anything is written.
  await assert.rejects(writeFileAtomic(join(dir, 'missing', 'b.json'), 'x'), { code: 'ENOENT' });
  assert.deepEqual(readdirSync(dir), ['a.json']);
});

test(
  'writeFileAtomic: a writer killed mid-write leaves the previous record.json intact',
  { timeout: 30_000 },
  async (t) => {
    const root = tempDir(t);
    const id = recordId('killed', new Date('2026-01-02T03:04:05.678Z'));
    const dir = join(root, id);
    mkdirSync(dir);
    const previous = emptyRecord(id);
    await writeRecord(dir, previous);
    const before = readFileSync(join(dir, 'record.json'), 'utf8');

    // The child rewrites the record with a 50 MB name through writeFileAtomic; it is killed once its
    // temporary file holds a first megabyte, long before 50 MB are on disk.
    const script = join(root, 'writer.mts');
    writeFileSync(
      script,
      [
        `import { readFileSync } from 'node:fs';`,
        `import { writeFileAtomic } from ${JSON.stringify(resolve('src/engine/runs/atomicWrite.ts'))};`,
        `const target = process.argv[2];`,
        `const record = JSON.parse(readFileSync(target, 'utf8'));`,
        `record.name = 'x'.repeat(50 * 1024 * 1024);`,
        `await writeFileAtomic(target, JSON.stringify(record));`,
      ].join('\n'),
    );
    const child = spawn(process.execPath, ['--import', 'tsx', script, join(dir, 'record.json')], {
      stdio: 'ignore',
    });
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((res) =>
      child.on('exit', (code, signal) => res({ code, signal })),
    );
    const isTemp = (n: string) => /^\.record\.json\.\d+\.[0-9a-f]+\.tmp$/.test(n);
    let exitedEarly = false;
    void exited.then(() => (exitedEarly = true));
    const tempSize = () => {
      const name = readdirSync(dir).find(isTemp);
      return name ? (statSync(join(dir, name), { throwIfNoEntry: false })?.size ?? 0) : 0;
    };
    while (!exitedEarly && tempSize() < 1024 * 1024) await new Promise((r) => setTimeout(r, 1));
    child.kill('SIGKILL');
    const end = await exited;
    assert.equal(
      end.signal,
      'SIGKILL',
      `the writer ended on its own (code ${end.code}) before it was killed`,
    );

    const temp = readdirSync(dir).filter(isTemp);
    assert.equal(temp.length, 1, 'the half-written temporary file is left behind');
    const partial = statSync(join(dir, temp[0]!)).size;
    t.diagnostic(`killed with ${(partial / 1024 / 1024).toFixed(1)} MB of ~50 MB in the temporary file`);
    assert.ok(partial >= 1024 * 1024 && partial < 50 * 1024 * 1024);
    assert.equal(readFileSync(join(dir, 'record.json'), 'utf8'), before, 'record.json untouched');
    const entry = await readRecord(dir);
    assert.ok(entry.ok);
    assert.deepEqual(entry.ok && entry.record, previous);
    const listed = await listRecords(root);
    assert.deepEqual(
      listed.map((e) => [e.dir, e.ok]),
      [[dir, true]],
      'the temporary file does not hide or spoil the record',
    );
  },
);

test('listRecords: corrupt folders are returned as errors, readable ones as records, newest first', async (t) => {
  const root = tempDir(t);
  const folder = (name: string, recordJson?: string) => {
    mkdirSync(join(root, name));
    if (recordJson !== undefined) writeFileSync(join(root, name, 'record.json'), recordJson);
    return join(root, name);
  };
  const good = folder('2026-01-03_good', `${JSON.stringify(emptyRecord('2026-01-03_good'))}\n`);
  const full = JSON.stringify(emptyRecord('2026-01-02_truncated'), null, 1);
  const truncated = folder('2026-01-02_truncated', full.slice(0, full.length / 2));
  const wrong = folder(
    '2026-01-01_wrong-format',
    JSON.stringify({ ...emptyRecord('2026-01-01_wrong-format'), format: 'something-else' }),
  );
  const empty = folder('2026-01-00_empty');
  folder('.hidden', 'not json'); // dot folders (and loose files) are not records at all
  writeFileSync(join(root, 'notes.txt'), 'hello');

  const entries = await listRecords(root);
  assert.deepEqual(
    entries.map((e) => e.dir),
    [good, truncated, wrong, empty],
  );
  const errorOf = (e: RecordEntry | undefined): string => {
    assert.ok(e && !e.ok, `${e?.dir} should be an error`);
    return e.error;
  };
  const g = entries[0];
  assert.ok(g?.ok && g.record.id === '2026-01-03_good');
  // The message says what is wrong without quoting the corrupt bytes (they may hold escape codes).
  assert.equal(errorOf(entries[1]), 'record.json is not valid JSON (half-written or corrupt)');
  assert.match(errorOf(entries[2]), /^record\.json does not match the record format: format: /);
  assert.equal(errorOf(entries[3]), 'record.json cannot be read: ENOENT');
  // A folder whose record.json is not written yet is pending, so the Runs view skips it quietly.
  assert.ok(!entries[3]!.ok && entries[3]!.pending === true);
  assert.ok(!entries[1]!.ok && !entries[1]!.pending);
  assert.deepEqual(await listRecords(join(root, 'no-such-folder')), [], 'a missing root is an empty list');
});

test('readCurves: a missing or corrupt curves file is null, not a throw', async (t) => {
  const dir = tempDir(t);
  mkdirSync(join(dir, 'curves'));
  writeFileSync(join(dir, 'curves', 'half.json'), '{"runId": "half", "stepLoss": [1, 2');
  writeFileSync(join(dir, 'curves', 'wrong.json'), '{"runId": 3}');
  assert.equal(await readCurves(dir, 'curves/half.json'), null);
  assert.equal(await readCurves(dir, 'curves/wrong.json'), null);
  assert.equal(await readCurves(dir, 'curves/missing.json'), null);
});

test('findRecord and deleteRecord: ids, unique prefixes, folder paths; nothing outside the root', async (t) => {
  const root = tempDir(t);
  for (const n of ['2026-01-01_a', '2026-01-01_ab', '2026-02-01_b']) {
    mkdirSync(join(root, n));
    await writeRecord(join(root, n), emptyRecord(n));
  }
  assert.equal(await findRecord(root, '2026-01-01_a'), join(root, '2026-01-01_a'), 'an exact id wins');
  assert.equal(await findRecord(root, '2026-02'), join(root, '2026-02-01_b'));
  assert.equal(await findRecord(root, join(root, '2026-01-01_ab')), join(root, '2026-01-01_ab'));
  await assert.rejects(
    findRecord(root, '2026-01'),
    /"2026-01" matches 2 records: 2026-01-01_a, 2026-01-01_ab/,
  );
  await assert.rejects(findRecord(root, 'zzz'), /no record "zzz" in /);

  await assert.rejects(deleteRecord(root, join(root, '..')), /is not a record folder inside/);
  await assert.rejects(deleteRecord(root, root), /is not a record folder inside/);
  await assert.rejects(
    deleteRecord(root, join(root, '2026-02-01_b', 'curves')),
    /is not a record folder inside/,
  );
  await deleteRecord(root, join(root, '2026-02-01_b'));
  assert.ok(!existsSync(join(root, '2026-02-01_b')));
  assert.ok(existsSync(join(root, '2026-01-01_a')));
});

test('recordId: sortable UTC time then a path-safe name', () => {
  const at = new Date('2026-11-22T22:40:08.312Z');
  assert.equal(recordId('demo', at), '2026-11-22_22-40-08-312_demo');
  assert.equal(recordId('my exp/../x', at), '2026-11-22_22-40-08-312_my-exp-..-x');
  assert.equal(recordId('///', at), '2026-11-22_22-40-08-312_experiment');
  assert.ok(
    recordId('b', new Date('2026-01-02T00:00:00Z')) > recordId('a', new Date('2026-01-01T23:59:59Z')),
  );
});
