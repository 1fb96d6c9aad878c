// What the report panel shows, without VS Code: a stored report.html re-nonced for this render
// with the panel's state attached, or a plain error page.
import { escapeHtml, jsonForScript } from '../../engine/report/escape';
import { refreshNonce } from '../../engine/report/pageSecurity';

/** What a report tab keeps across a window reload: the report it shows. */
export interface ReportState {
  path: string;
}

export function isReportState(v: unknown): v is ReportState {
  return typeof v === 'object' && v !== null && typeof (v as ReportState).path === 'string';
}

/**
 * The page of a stored report for one render: a fresh nonce (the one written with the file is
 * never the one that unlocks its scripts), and the panel's state as an inert JSON block that the
 * report's script hands to VS Code, so the serializer finds the report again after a reload.
 */
export function reportPanelHtml(html: string, path: string, nonce?: string): string {
  const state = jsonForScript({ path } satisfies ReportState);
  const block = `<script type="application/json" id="optimizer-lab-panel-state">${state}</script>`;
  const fresh = refreshNonce(html, nonce);
  const end = fresh.lastIndexOf('</body>');
  return end < 0 ? `${fresh}${block}` : `${fresh.slice(0, end)}${block}${fresh.slice(end)}`;
}

/** The page shown when a report cannot be read or is not one this extension wrote. */
export function reportErrorHtml(path: string, reason: string): string {
  return `<!doctype html><meta http-equiv="Content-Security-Policy" content="default-src 'none'"><p>The report ${escapeHtml(path)} cannot be shown: ${escapeHtml(reason)}</p>`;
}
