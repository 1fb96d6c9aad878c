// Restricted Mode in a real VS Code: code-server with workspace trust on and the samples folder
// not trusted. No CodeLens offers to run anything, and a command reached without the palette's
// enablement check (a keybinding, as a CodeLens or a script would) runs nothing and writes nothing.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { SHOTS, copySamples, endSession, startSession, type WorkbenchSession } from './session';
import { notification, openFile } from './workbench';
import { skipWithout } from '../helpers/debianPackage';

const KEY = 'ctrl+alt+shift+r';

// Without Debian's Chromium the suite skips with one line (under CI it fails instead).
describe(
  'Optimizer Lab in an untrusted workspace',
  { timeout: 10 * 60_000, skip: skipWithout('chromium') },
  () => {
    let session: WorkbenchSession | undefined;
    let ws = '';
    let page: Page;

    before(async () => {
      session = await startSession('optlab-e2e-untrusted-', copySamples, {
        untrusted: true,
        keybindings: [{ key: KEY, command: 'optimizerLab.runExperiment' }],
      });
      ({ ws, page } = session);
    });

    after(() => endSession(session, 'untrusted-last.png'));

    test('no CodeLens runs anything, and the Run Experiment command refuses: no data read, no record written', async () => {
      await openFile(page, 'iris-optimizers.optlab.json');
      const lenses = page.locator('.codelens-decoration');
      await lenses.filter({ hasText: 'Restricted Mode' }).first().waitFor({ timeout: 60_000 });
      const titles = await lenses.allInnerTexts();
      assert.ok(
        !titles.some((t) => /Run Experiment|Run Search|Find Learning Rate/.test(t)),
        `lenses: ${titles.join(' | ')}`,
      );
      // The keybinding calls the command as a CodeLens would, past the palette's `enablement`.
      await page.locator('.monaco-editor .view-lines').first().click();
      await page.keyboard.press('Control+Alt+Shift+R');
      const text = await notification(page, /Restricted Mode, so it does not run experiments/, 60_000);
      assert.match(text, /nothing was read, run or written/);
      await page.screenshot({ path: join(SHOTS, 'untrusted.png') });
      assert.equal(existsSync(join(ws, '.optimizer-lab')), false, 'no record folder was written');
    });
  },
);
