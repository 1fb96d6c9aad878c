// Every panel's webview options and page, over the one HTML builder (webviewHtml.ts).
import * as vscode from 'vscode';
import { webviewHtml } from './webviewHtml';

/** Webview options of every Optimizer Lab panel: scripts on, local resources from dist/ and media/ only. */
export function webviewOptions(extensionUri: vscode.Uri): vscode.WebviewOptions {
  return {
    enableScripts: true,
    localResourceRoots: [
      vscode.Uri.joinPath(extensionUri, 'dist'),
      vscode.Uri.joinPath(extensionUri, 'media'),
    ],
  };
}

/** Renders the page of bundle `dist/<entry>.js` (+ .css) into `webview` with a fresh nonce. */
export function renderPage(
  webview: vscode.Webview,
  extensionUri: vscode.Uri,
  entry: 'lab' | 'runPanel' | 'surfaces' | 'preview',
  title: string,
  body: string,
): void {
  const asset = (ext: string) =>
    webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'dist', `${entry}.${ext}`)).toString();
  webview.html = webviewHtml({
    cspSource: webview.cspSource,
    scriptUri: asset('js'),
    styleUri: asset('css'),
    title,
    body,
  });
}
