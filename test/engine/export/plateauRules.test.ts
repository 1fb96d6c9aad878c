// ReduceLROnPlateau in the Keras and optax exports cuts the lr at the epochs torch cuts it: the
// mapped patience and cooldown, fed to each library's rule as transcribed from its source
// (test/fixtures/export-rules/plateau_rules.py, versions in src/engine/export/plateauMapping.ts),
// give torch 1.13's own scheduler's cuts on random loss sequences; the exports write those values.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { PLATEAU_MAPPING } from '../../../src/engine/export/plateauMapping';
import { PYTHON, skipWithout } from '../../helpers/debianPackage';

const RULES = resolve(__dirname, '../../fixtures/export-rules/plateau_rules.py');

test(
  'the mapped patience and cooldown make the Keras and optax rules cut where torch cuts',
  { skip: skipWithout('python3-torch') },
  () => {
    const cases = [];
    for (const patience of [0, 1, 2, 4])
      for (const cooldown of [0, 1, 3])
        for (const threshold_mode of ['abs', 'rel'])
          cases.push({
            torch: { patience, cooldown },
            keras: PLATEAU_MAPPING.keras({ patience, cooldown }),
            optax: PLATEAU_MAPPING.optax({ patience, cooldown }),
            threshold: 0.001,
            threshold_mode,
          });
    const r = spawnSync(PYTHON, [RULES, JSON.stringify(cases)], { encoding: 'utf8', maxBuffer: 16 << 20 });
    assert.equal(r.status, 0, r.stderr);
    const results = JSON.parse(r.stdout) as {
      case: { threshold_mode: string; torch: object };
      torch: number[];
      keras: number[];
      optax: number[];
    }[];
    let cuts = 0;
    for (const x of results) {
      const what = JSON.stringify(x.case);
      cuts += x.torch.length;
      assert.deepEqual(x.optax, x.torch, `optax ${what}`);
      // Keras' min_delta is absolute only: its rule matches torch's threshold_mode "abs".
      if (x.case.threshold_mode === 'abs') assert.deepEqual(x.keras, x.torch, `keras ${what}`);
    }
    assert.ok(cuts > 200, `only ${cuts} cuts: the sequences do not exercise the rules`);
    // Copying torch's patience unchanged cuts one bad epoch early (and optax with patience 0 cuts on
    // improvements instead).
    const same = { patience: 2, cooldown: 0 };
    const unmapped = spawnSync(
      PYTHON,
      [
        RULES,
        JSON.stringify([{ torch: same, keras: same, optax: same, threshold: 0.001, threshold_mode: 'abs' }]),
      ],
      { encoding: 'utf8' },
    );
    const u = JSON.parse(unmapped.stdout) as { torch: number[]; optax: number[]; keras: number[] }[];
    assert.ok(u.some((x) => JSON.stringify(x.keras) !== JSON.stringify(x.torch)));
    assert.ok(u.some((x) => JSON.stringify(x.optax) !== JSON.stringify(x.torch)));
  },
);
