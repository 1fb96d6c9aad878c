// Renders media/icon.png, the extension's 256×256 icon (package.json `icon`), from media/icon.svg:
// the activity-bar glyph (contours of a loss surface and a descending path) drawn light on a dark
// rounded square, screenshotted in headless Chromium so the PNG follows the SVG. The PNG is
// committed; run again after changing the SVG: node --import tsx scripts/renderIcon.ts
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { launchBrowser } from '../test/e2e/workbench';

const SIZE = 256;
const svg = readFileSync(resolve('media/icon.svg'), 'utf8');
// The glyph strokes with currentColor, so the page's colour paints it.
const html = `<!doctype html><html><body style="margin:0;background:transparent">
<div style="width:${SIZE}px;height:${SIZE}px;border-radius:${SIZE * 0.18}px;background:#1e3a5f;color:#f2f6fa;
display:flex;align-items:center;justify-content:center">
<div style="width:${SIZE * 0.78}px;height:${SIZE * 0.78}px">${svg.replace('<svg ', '<svg style="width:100%;height:100%" ')}</div>
</div></body></html>`;

async function main(): Promise<void> {
  const browser = await launchBrowser();
  try {
    const page = await browser.newPage({ viewport: { width: SIZE, height: SIZE }, deviceScaleFactor: 1 });
    await page.setContent(html);
    const out = resolve('media/icon.png');
    await page.screenshot({ path: out, omitBackground: true });
    console.log(`wrote ${out}`);
  } finally {
    await browser.close();
  }
}

main().catch((e: unknown) => {
  console.error((e as Error).message);
  process.exit(1);
});
