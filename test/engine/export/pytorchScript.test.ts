// The reproduction script, executed with Debian's torch 1.13: its per-epoch losses must match the
// engine's float64 run to 1e-6 relative for every optimizer, a schedule per step and per epoch,
// clipping by norm and by value, mini-batch and full batch, an MLP, classification, early stopping,
// L2, categorical/boolean/missing features and hostile column names. NAdam is the documented
// exception under torch < 2.0 (docs/torch-compatibility.md), and the test asserts that difference.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { exportFromRecord } from '../../../src/engine/export/index';
import { readCurves, readRecord } from '../../../src/engine/runs/records';
import { skipWithout } from '../../helpers/debianPackage';
import { makeRecords, printedEpochs, pyCompile, PYTHON, runScripts } from './exportRecords';

const rel = (a: number, b: number) => Math.abs(a - b) / Math.max(Math.abs(b), 1e-300);

// Run with Debian's torch; on a machine without it the test skips, naming the package.
const torch = { skip: skipWithout('python3-torch') };

test(
  'pytorch-script reproduces the engine run per epoch in torch (float64, 1e-6 relative)',
  torch,
  async (t) => {
    const { dir, record } = await makeRecords(t, [
      'optimizers.optlab.json',
      'mlp.optlab.json',
      'iris.optlab.json',
      'binary.optlab.json',
      'hostile.optlab.json',
    ]);
    const torchMajor = Number(
      spawnSync(PYTHON, ['-c', 'import torch; print(torch.__version__.split(".")[0])'], { encoding: 'utf8' })
        .stdout,
    );
    const jobs: { script: string; recordDir: string; runId: string; optimizer: string }[] = [];
    for (const recordDir of Object.values(record)) {
      const entry = await readRecord(recordDir);
      assert.ok(entry.ok);
      for (const run of entry.record.runs) {
        const out = join(
          dir,
          'scripts',
          `${entry.record.runs.length > 1 ? run.id : ''}${recordDir.split('/').pop()}`,
        );
        mkdirSync(out, { recursive: true });
        const script = join(out, 'reproduce.py');
        const r = await exportFromRecord(recordDir, { target: 'pytorch-script', runId: run.id, out: script });
        assert.equal(r.sidecars.length, 1);
        // Portable: the data file is named relative to the script, and no absolute path is written.
        assert.match(r.text, /^DATA_FILE = '\.\.\/\.\.\//m);
        assert.ok(
          !r.text.includes(dir) && !r.sidecars[0]!.text.includes(dir),
          'an absolute path in the export',
        );
        writeFileSync(script, r.text);
        for (const s of r.sidecars) writeFileSync(join(out, s.name), s.text);
        jobs.push({ script, recordDir, runId: run.id, optimizer: String(run.config['name']) });
      }
    }
    assert.equal(jobs.length, 13);
    assert.equal(pyCompile(jobs.map((j) => j.script)), '');
    const results = runScripts(jobs.map((j) => j.script));
    const statuses = new Set<string>();

    for (const job of jobs) {
      const what = `${job.runId} of ${job.recordDir}`;
      const res = results[job.script]!;
      assert.equal(res.code, 0, `${what}: ${res.stderr}`);
      const entry = await readRecord(job.recordDir);
      assert.ok(entry.ok);
      const summary = entry.record.runs.find((r) => r.id === job.runId)!;
      const curves = (await readCurves(job.recordDir, summary.curves!))!;
      const printed = printedEpochs(res.stdout);
      assert.equal(
        printed.length,
        curves.epochTrainLoss.length,
        `${what}: one line per epoch and one before training`,
      );
      const last = JSON.parse(res.stdout.trimEnd().split('\n').pop()!);
      assert.ok(
        'final_train_loss' in last && 'final_val_loss' in last,
        `${what}: the last line is the result JSON`,
      );
      statuses.add(summary.status);
      assert.equal(last.status, summary.status, what);
      assert.equal(last.epochs, summary.epochs, what);
      assert.equal(last.steps, summary.steps, what);

      if (job.optimizer === 'NAdam' && torchMajor < 2) {
        // torch 1.13 counts mu twice (PR #92699): the first update already differs, by the documented
        // order of magnitude (4.5e-4 after the first update on the diabetes case, 1e-3 at most here).
        assert.match(res.stderr, /NAdam mu_product bug/);
        assert.ok(
          rel(printed[0]!.train, curves.epochTrainLoss[0]!) < 1e-12,
          'same start: data and initial parameters match',
        );
        const first = rel(printed[1]!.train, curves.epochTrainLoss[1]!);
        assert.ok(first > 1e-6 && first < 1e-2, `${what}: NAdam epoch 1 differs by ${first}`);
        const final = rel(last.final_train_loss, summary.final_train_loss!);
        t.diagnostic(
          `NAdam under torch ${torchMajor}.x: epoch 1 differs by ${first.toExponential(1)}, the final loss by ${final.toExponential(1)} (documented bug)`,
        );
        assert.ok(final > 1e-6 && final < 1e-2, `${what}: NAdam final loss differs by ${final}`);
        continue;
      }
      let worst = 0;
      printed.forEach((p, e) => {
        worst = Math.max(worst, rel(p.train, curves.epochTrainLoss[e]!));
        assert.ok(
          rel(p.train, curves.epochTrainLoss[e]!) < 1e-6,
          `${what} epoch ${e}: train ${p.train} vs ${curves.epochTrainLoss[e]}`,
        );
        const v = curves.epochValidation[e]?.loss ?? null;
        if (v === null) assert.equal(p.val, null);
        else assert.ok(rel(p.val!, v) < 1e-6, `${what} epoch ${e}: val ${p.val} vs ${v}`);
      });
      t.diagnostic(
        `${job.optimizer} ${job.runId} ${job.recordDir.split('_').pop()}: largest epoch loss difference ${worst.toExponential(1)} relative`,
      );
      assert.ok(rel(last.final_train_loss, summary.final_train_loss!) < 1e-6, `${what}: final train loss`);
      if (summary.final_val_loss !== null)
        assert.ok(rel(last.final_val_loss, summary.final_val_loss) < 1e-6, what);
    }
    // Early stopping fired in some run, so the stop epoch and restore-best were compared too.
    assert.ok(statuses.has('early-stopped'), [...statuses].join(', '));
  },
);
