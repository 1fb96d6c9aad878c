// The README's pictures, taken from the real thing: media/report.png is the HTML report of
// `npm run demo` rendered in headless Chromium; media/lab.png is the lab panel as the end-to-end
// suite saw it (test-results/e2e/lab-panel.png, so run `npm run test:e2e` first).
// Run: node --import tsx test/e2e/readmeScreenshots.ts
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ROOT } from './codeServer';
import { launchBrowser } from './workbench';

async function main(): Promise<void> {
  const tmp = mkdtempSync(join(tmpdir(), 'optlab-shots-'));
  try {
    execFileSync(process.execPath, ['bin/optimizer-lab.js', 'demo', '--out', tmp], {
      cwd: ROOT,
      stdio: 'ignore',
    });
    const linear = readdirSync(tmp).find((n) => n.endsWith('_demo'));
    if (!linear) throw new Error(`the demo wrote no "demo" record into ${tmp}`);
    const browser = await launchBrowser();
    try {
      const page = await browser.newPage({ viewport: { width: 1100, height: 760 }, deviceScaleFactor: 1 });
      await page.goto(pathToFileURL(join(tmp, linear, 'report.html')).href);
      await page.waitForLoadState('load');
      await page.waitForTimeout(500);
      // The ranked table and the loss curves: from the Results heading to the bottom of the first chart.
      const clip = await page.evaluate(() => {
        const heading = [...document.querySelectorAll('h2')].find((h) => h.textContent === 'Results');
        const chart = document.querySelector('canvas');
        if (!heading || !chart) return null;
        const top = heading.getBoundingClientRect().top + window.scrollY - 8;
        const bottom = chart.getBoundingClientRect().bottom + window.scrollY + 8;
        return { x: 0, y: top, width: document.documentElement.clientWidth, height: bottom - top };
      });
      if (!clip) throw new Error('the report has no Results heading or chart');
      await page.screenshot({ path: join(ROOT, 'media', 'report.png'), clip, fullPage: true });
    } finally {
      await browser.close();
    }
    console.log('wrote media/report.png');
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
  const lab = join(ROOT, 'test-results', 'e2e', 'lab-panel.png');
  if (existsSync(lab)) {
    copyFileSync(lab, join(ROOT, 'media', 'lab.png'));
    console.log('wrote media/lab.png');
  } else console.log(`${lab} is missing: run npm run test:e2e first for media/lab.png`);
}

main().catch((e: unknown) => {
  console.error((e as Error).message);
  process.exit(1);
});
