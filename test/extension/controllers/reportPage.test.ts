import { test } from 'node:test';
import assert from 'node:assert/strict';
import { renderReport } from '../../../src/engine/report/htmlReport';
import {
  isReportState,
  reportErrorHtml,
  reportPanelHtml,
} from '../../../src/extension/controllers/reportPage';
import { refreshNonce } from '../../../src/engine/report/pageSecurity';
import { sampleRecord } from '../../engine/report/sampleRecord';

const { record, curves } = sampleRecord([{ label: 'a', start: 1, decay: 0.9, floor: 0.1 }], {
  name: 'nonce="x" </script>',
});

function stored(): string {
  return renderReport(record, curves, { script: 'document.title = "drawn";' });
}

const cspOf = (html: string) =>
  /<meta http-equiv="Content-Security-Policy" content="([^"]*)">/.exec(html)?.[1] ?? '';
const noncesOf = (html: string) =>
  [...html.matchAll(/<(?:script|style)\b[^>]*\snonce="([^"]*)"/g)].map((m) => m[1]!);

test('two renders of the same stored report get two fresh nonces, neither the one written to disk', () => {
  const html = stored();
  const written = noncesOf(html)[0]!;
  const a = reportPanelHtml(html, '/r/report.html');
  const b = reportPanelHtml(html, '/r/report.html');
  const [na, nb] = [noncesOf(a), noncesOf(b)];
  assert.equal(na.length, 3, 'the style, the data block and the script');
  assert.equal(new Set(na).size, 1);
  assert.notEqual(na[0], nb[0]);
  assert.notEqual(na[0], written);
  assert.ok(!a.includes(written), 'the old nonce is gone from the page');
  assert.match(cspOf(a), new RegExp(`script-src 'nonce-${na[0]!.replace(/[+/]/g, '\\$&')}'$`));
});

test('the served CSP has no remote source and no unsafe source; the user text stays escaped', () => {
  const a = reportPanelHtml(stored(), '/r/report.html');
  const csp = cspOf(a);
  assert.match(csp, /^default-src 'none'; /);
  assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval|https?:|\*/);
  for (const part of csp.split('; ')) {
    const [name, ...sources] = part.split(' ');
    if (name === 'script-src') assert.deepEqual(sources.length, 1);
    for (const s of sources) assert.match(s, /^('none'|'nonce-[A-Za-z0-9+/=]+'|data:)$/, part);
  }
  assert.ok(a.includes('nonce=&quot;x&quot; &lt;/script&gt;'), 'the name is text, not a tag');
});

test('the panel state travels as an inert JSON block before </body>, with the path escaped', () => {
  const a = reportPanelHtml(stored(), '/r/</script>.html');
  const block =
    /<script type="application\/json" id="optimizer-lab-panel-state">([^<]*)<\/script><\/body>/.exec(a);
  assert.ok(block);
  const state: unknown = JSON.parse(block[1]!);
  assert.ok(isReportState(state));
  assert.equal(state.path, '/r/</script>.html');
  assert.equal(isReportState({ path: 3 }), false);
});

test('a page without a nonce CSP is refused rather than served unlocked', () => {
  assert.throws(
    () => reportPanelHtml('<html><body><script>alert(1)</script></body></html>', '/x'),
    /no Content-Security-Policy/,
  );
  assert.equal(refreshNonce(stored(), 'abc').includes(`'nonce-abc'`), true);
  assert.match(reportErrorHtml('/a<b>', 'gone & lost'), /\/a&lt;b&gt; cannot be shown: gone &amp; lost/);
});
