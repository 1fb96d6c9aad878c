// The HTML of every webview panel (the report, self-contained, shares its CSP from pageSecurity).
import { escapeHtml } from '../engine/report/escape';
import { contentSecurityPolicy, newNonce } from '../engine/report/pageSecurity';

/** What a webview page needs: its webview's CSP source and the URIs of its bundle. */
export interface WebviewPage {
  /** `webview.cspSource` of the webview that shows the page. */
  cspSource: string;
  /** `asWebviewUri` of dist/<entry>.js and dist/<entry>.css. */
  scriptUri: string;
  styleUri: string;
  title: string;
  /** Static markup of the page body; it must hold no user-supplied text (the script fills that in). */
  body: string;
  /** Only for tests; a fresh random nonce otherwise. */
  nonce?: string;
}

/**
 * The one builder of webview HTML: a strict CSP with a fresh nonce per render, the bundle's
 * stylesheet and script from the extension's dist/ folder, and nothing remote. Styles come only
 * from the stylesheet (and CSSOM from the script), never from inline style attributes.
 */
export function webviewHtml(page: WebviewPage): string {
  const nonce = page.nonce ?? newNonce();
  const attr = (s: string) => escapeHtml(s);
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${attr(contentSecurityPolicy(nonce, page.cspSource))}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(page.title)}</title>
<link rel="stylesheet" href="${attr(page.styleUri)}">
</head>
<body>
${page.body}
<script nonce="${attr(nonce)}" src="${attr(page.scriptUri)}"></script>
</body>
</html>
`;
}
