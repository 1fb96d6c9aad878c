// The one Python string-literal escaper: every string comes back from Python unchanged, and no
// literal spans a line or ends early, whatever quotes, backslashes, line breaks or unicode it holds.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pyFloat, pyNum, pyStr, pyValue } from '../../../src/engine/pyCode/pyLiteral';
import { skipWithout } from '../../helpers/debianPackage';
import { PYTHON } from '../export/exportRecords';
import { PY_DATA_READER } from '../../../src/engine/export/pyDataReader';

// Run with Debian's python3; on a machine without it the test skips, naming the package.
const python = { skip: skipWithout('python3') };

const HOSTILE = [
  '',
  "it's",
  'say "hi"',
  '"""',
  "'''",
  '"""; import os; os.system("rm -rf /") #',
  "'); import os #",
  'back\\slash',
  'trailing\\',
  "\\'",
  'two\nlines',
  'cr\rlf\r\n',
  'tab\there',
  'nul\u0000 bel\u0007 del\u007f nel\u0085',
  'line sep\u2028para sep\u2029',
  'zero\u200bwidth bom\ufeff rtl\u202e',
  'température',
  '☃ 漢字 😀',
  'lone \ud800 surrogate \udfff',
  '# not a comment',
  '{x} %s %(y)s',
];

function runPython(source: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'optlab-pystr-'));
  try {
    const file = join(dir, 'literals.py');
    writeFileSync(file, source, 'utf8');
    const r = spawnSync(PYTHON, [file], { encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    return r.stdout;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

test('pyStr: Python reads back exactly the string, from one single-line literal', python, () => {
  const lines = HOSTILE.map((s) => pyStr(s));
  for (const l of lines) {
    assert.doesNotMatch(l, /[\n\r\u2028\u2029\u0085]/, `one physical line: ${l}`);
    assert.ok(l.startsWith("'") && l.endsWith("'"));
  }
  // Each literal also sits in a comment, as the generated headers put names there.
  const source = [
    ...lines.map((l, i) => `# name ${i}: ${l}`),
    'import json',
    `values = [${lines.join(',\n    ')}]`,
    'print(json.dumps(values))',
  ].join('\n');
  assert.deepEqual(JSON.parse(runPython(source)), HOSTILE);
});

test('pyStr keeps readable unicode as it is and escapes what is invisible or breaks lines', () => {
  assert.equal(pyStr('température ☃'), "'température ☃'");
  assert.equal(pyStr("it's"), "'it\\'s'");
  assert.equal(pyStr('a\nb'), "'a\\nb'");
  assert.equal(pyStr('\u2028'), "'\\u2028'");
  assert.equal(pyStr('\u0000'), "'\\x00'");
  assert.equal(pyStr('\ud800'), "'\\ud800'");
});

test('pyNum, pyFloat and pyValue give Python the same float64 values and structures', python, () => {
  const numbers = [0.1, 1 / 3, 1e-7, 1e21, 5e-324, 1.7976931348623157e308, -0, 2 ** 53 + 2, 3];
  const source = [
    'import json, math',
    `nums = [${numbers.map(pyNum).join(', ')}]`,
    `floats = [${numbers.map(pyFloat).join(', ')}]`,
    `special = [${[NaN, Infinity, -Infinity].map(pyNum).join(', ')}]`,
    `value = ${pyValue({ a: [1, 'x', true, null], "b'": { c: false } })}`,
    `tuple_ = ${pyValue([0.9, 0.999], true)}`,
    'assert all(isinstance(f, float) for f in floats)',
    'assert math.isnan(special[0]) and special[1] == math.inf and special[2] == -math.inf',
    'assert math.copysign(1, nums[6]) == -1',
    'assert isinstance(tuple_, tuple)',
    'print(json.dumps({"nums": [float(x).hex() for x in nums], "value": value}))',
  ].join('\n');
  const out = JSON.parse(runPython(source)) as { nums: string[]; value: unknown };
  const hex = (x: number) => {
    const r = spawnSync(PYTHON, ['-c', `print(float(${JSON.stringify(String(x))}).hex())`], {
      encoding: 'utf8',
    });
    return r.stdout.trim();
  };
  numbers.forEach((n, i) => assert.equal(out.nums[i], Object.is(n, -0) ? '-0x0.0p+0' : hex(n), String(n)));
  assert.deepEqual(out.value, { a: [1, 'x', true, null], "b'": { c: false } });
});

test("the data reader strips exactly what JavaScript's trim() strips", python, () => {
  const js: number[] = [];
  for (let c = 0; c < 0x10000; c++) if (String.fromCharCode(c).trim() === '') js.push(c);
  const m = /^JS_SPACE = (.*)$/m.exec(PY_DATA_READER);
  assert.ok(m);
  const r = spawnSync(PYTHON, ['-c', `import json; print(json.dumps(sorted(ord(c) for c in ${m[1]!})))`], {
    encoding: 'utf8',
  });
  assert.equal(r.status, 0, r.stderr);
  assert.deepEqual(JSON.parse(r.stdout), js);
});
