// The one Content-Security-Policy of every page Optimizer Lab shows (webview panels and the HTML
// report), its nonce, and the re-nonce of a stored report so each render gets a fresh one.
import { randomBytes } from 'node:crypto';

/** A fresh nonce: 144 bits from the OS random source, base64 (no padding characters needed). */
export function newNonce(): string {
  return randomBytes(18).toString('base64');
}

/**
 * The CSP of an Optimizer Lab page: nothing by default, scripts only by `nonce`. A webview panel
 * (`cspSource` given) takes its stylesheet and images from the extension's files; a
 * self-contained page (the report) has its one style element by nonce and images as data: URLs.
 * Never 'unsafe-inline' or 'unsafe-eval', never a remote URL.
 */
export function contentSecurityPolicy(nonce: string, cspSource?: string): string {
  return [
    "default-src 'none'",
    `style-src ${cspSource ?? `'nonce-${nonce}'`}`,
    `img-src ${cspSource ? `${cspSource} ` : ''}data:`,
    `script-src 'nonce-${nonce}'`,
  ].join('; ');
}

const CSP_META = /<meta http-equiv="Content-Security-Policy" content="([^"]*)">/;

/**
 * A self-contained page (a report written earlier) with a fresh nonce: its CSP meta is rebuilt
 * and every `<script>`/`<style>` opening tag that carried the old nonce carries the new one, so a
 * nonce that was ever on disk never unlocks a render. Throws when the page has no CSP meta with a
 * nonce (not a page this extension wrote; serving it unlocked would be worse than an error).
 */
export function refreshNonce(html: string, nonce = newNonce()): string {
  const meta = CSP_META.exec(html);
  const old = meta ? /'nonce-([A-Za-z0-9+/=]+)'/.exec(meta[1]!) : null;
  if (!meta || !old) throw new Error('the page has no Content-Security-Policy with a nonce');
  const oldNonce = old[1]!;
  const tag = /<(script|style)\b([^>]*?)\snonce="([^"]*)"/g;
  return html
    .replace(meta[0], `<meta http-equiv="Content-Security-Policy" content="${contentSecurityPolicy(nonce)}">`)
    .replace(tag, (all: string, name: string, attrs: string, value: string) =>
      value === oldNonce ? `<${name}${attrs} nonce="${nonce}"` : all,
    );
}
