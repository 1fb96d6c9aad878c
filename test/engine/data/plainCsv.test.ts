import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { parseWithPapaparse } from '../../../src/engine/data/csv';
import { parsePlainDelimited, isPlainDelimited } from '../../../src/engine/data/plainCsv';
import { typeColumns } from '../../../src/engine/data/columnTypes';

/** What a parse gives once typed: columns and every cell's location, or the error's words and place. */
function outcome(parse: () => ReturnType<typeof parseWithPapaparse>) {
  try {
    const raw = parse();
    const table = typeColumns(raw);
    const where = Array.from({ length: table.nRows }, (_, r) =>
      table.columns.map((_, c) => table.locate(r, c)),
    );
    return { columns: table.columns, where, header: table.columns.map((_, c) => table.locateHeader(c)) };
  } catch (e) {
    const err = e as Error & { location?: unknown };
    return { error: err.message, location: err.location ?? null };
  }
}

const cell = fc.oneof(
  fc.double({ noNaN: true, noDefaultInfinity: true }).map(String),
  fc.integer({ min: -1000, max: 1000 }).map(String),
  fc.constantFrom(
    '',
    ' ',
    ' 1.5',
    '2 ',
    'NA',
    'nan',
    'None',
    'true',
    'FALSE',
    'abc',
    'x y',
    '1e5',
    '.5',
    '5.',
    '-0',
    '1e400',
    '0x10',
    'Infinity',
  ),
);
const line = (width: number) =>
  fc.array(cell, { minLength: width, maxLength: width }).map((cells) => cells.join(','));

test('the plain reader types every plain CSV exactly as the papaparse path does, errors included', () => {
  const table = fc
    .integer({ min: 1, max: 4 })
    .chain((width) =>
      fc.tuple(
        fc.array(fc.constantFrom('a', 'b', 'c', ' d ', '', 'a'), { minLength: width, maxLength: width }),
        fc.array(
          fc.oneof({ weight: 8, arbitrary: line(width) }, fc.constantFrom('', '   '), line(width + 1)),
          { maxLength: 12 },
        ),
        fc.constantFrom('', '\n', '\n\n'),
        fc.constantFrom('', '\n', ' \n'),
      ),
    )
    .map(([names, rows, lead, tail]) => lead + [names.join(','), ...rows].join('\n') + tail);
  fc.assert(
    fc.property(table, (text) => {
      fc.pre(isPlainDelimited(text));
      assert.deepStrictEqual(
        outcome(() => parsePlainDelimited(text, ',', 'f.csv')),
        outcome(() => parseWithPapaparse(text, ',', 'f.csv')),
      );
    }),
    { numRuns: 600, seed: 20261205 },
  );
});

test('tab-separated and single-column files read alike on both paths', () => {
  for (const [text, d] of [
    ['a\tb\n1\t2\n3\tx\n', '\t'],
    ['a;b\n1;2\n3;x\n;\n', ';'],
    ['a|b|c\n1|2|3\n4|5\n', '|'],
    ['y\n1\n\n2\nNA\n', ','],
    ['y\nNA\n\n', ','],
    ['', ','],
    ['   \n\n', ','],
    ['a,b\n', ','],
  ] as const) {
    assert.deepStrictEqual(
      outcome(() => parsePlainDelimited(text, d, 'f')),
      outcome(() => parseWithPapaparse(text, d, 'f')),
      JSON.stringify(text),
    );
  }
});
