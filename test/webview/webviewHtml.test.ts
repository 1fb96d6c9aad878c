import { test } from 'node:test';
import assert from 'node:assert/strict';
import { contentSecurityPolicy } from '../../src/engine/report/pageSecurity';
import { webviewHtml } from '../../src/extension/webviewHtml';

const page = {
  cspSource: 'https://file+.vscode-resource.vscode-cdn.net',
  scriptUri: 'https://file+.vscode-resource.vscode-cdn.net/ext/dist/lab.js',
  styleUri: 'https://file+.vscode-resource.vscode-cdn.net/ext/dist/lab.css',
  title: 'Lab <"x">',
  body: '<div id="app"></div>',
};

test('the CSP is exactly the strict one: nothing by default, styles and images from the extension, scripts by nonce', () => {
  assert.equal(
    contentSecurityPolicy('abc', page.cspSource),
    `default-src 'none'; style-src ${page.cspSource}; img-src ${page.cspSource} data:; script-src 'nonce-abc'`,
  );
});

test('the page carries the CSP meta, its one script with the nonce, and no inline style or unsafe source', () => {
  const html = webviewHtml({ ...page, nonce: 'n0nce+/=' });
  const meta = /<meta http-equiv="Content-Security-Policy" content="([^"]+)">/.exec(html);
  assert.ok(meta, 'CSP meta missing');
  // The attribute is HTML-escaped; a browser reads it with the entities decoded.
  assert.equal(meta[1]!.replaceAll('&#39;', "'"), contentSecurityPolicy('n0nce+/=', page.cspSource));
  const scripts = [...html.matchAll(/<script([^>]*)>/g)];
  assert.equal(scripts.length, 1);
  assert.match(scripts[0]![1]!, / nonce="n0nce\+\/=" src="https:\/\/file\+\.vscode-resource/);
  assert.doesNotMatch(html, /unsafe-inline|unsafe-eval|style=|<style|http:\/\//);
  assert.match(html, /<title>Lab &lt;&quot;x&quot;&gt;<\/title>/);
  assert.match(html, /<link rel="stylesheet" href="https:\/\/file\+\.vscode-resource[^"]+lab\.css">/);
});

test('every render gets a fresh random nonce', () => {
  const nonces = new Set(Array.from({ length: 20 }, () => / nonce="([^"]+)"/.exec(webviewHtml(page))![1]!));
  assert.equal(nonces.size, 20);
  for (const n of nonces) assert.ok(Buffer.from(n, 'base64').length >= 16, `nonce ${n} is short`);
});
