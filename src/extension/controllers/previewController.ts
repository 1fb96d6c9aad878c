// Preview Data's host logic without VS Code: reads the data file with the runs' own loader, sends
// its summary once the webview is ready, answers a chosen target's class balance.
import { balanceOf, previewOf } from '../../engine/data/preview';
import { loadTable } from '../../engine/data/loadTable';
import type { Table } from '../../engine/data/table';
import { DataError } from '../../engine/errors';
import {
  previewWebviewMessageSchema,
  type PreviewHostMessage,
  type PreviewWebviewMessage,
} from '../../protocol/preview';
import { receive } from '../../protocol/webviewChannel';

export interface PreviewPorts {
  post(message: PreviewHostMessage): void;
  log: { warn(text: string): void; error(text: string): void };
  /** New Experiment from the previewed file, with the target the user picked. */
  newExperiment(target: string): Promise<unknown>;
}

/**
 * One preview tab: the summary (or the file's problem, located) is sent when both the file is read
 * and the webview is ready, whichever comes last; invalid messages are logged and dropped.
 */
export class PreviewController {
  private ready = false;
  private closed = false;
  private table: Table | null = null;
  private summary: PreviewHostMessage | null = null;

  constructor(private readonly ports: PreviewPorts) {}

  close(): void {
    this.closed = true;
  }

  private post(message: PreviewHostMessage): void {
    if (this.ready && !this.closed) this.ports.post(message);
  }

  /** Reads the file at `path` (`displayName` in messages, at most `maxBytes`). */
  async load(path: string, displayName: string, maxBytes: number): Promise<void> {
    try {
      this.table = await loadTable(path, { displayName, maxBytes });
      this.summary = { type: 'summary', payload: { summary: previewOf(this.table), error: null } };
    } catch (e) {
      if (!(e instanceof DataError)) this.ports.log.error(`preview: ${(e as Error)?.stack ?? String(e)}`);
      this.summary = {
        type: 'summary',
        payload: {
          summary: null,
          error: e instanceof DataError ? e.format() : String((e as Error)?.message),
        },
      };
    }
    this.post(this.summary);
  }

  /** Handles one message of the webview. */
  async handle(data: unknown): Promise<void> {
    const arrival = receive<PreviewWebviewMessage>(previewWebviewMessageSchema, data);
    if (!arrival.ok) {
      this.ports.log.warn(`preview: dropped ${arrival.reason}`);
      return;
    }
    const m = arrival.message;
    switch (m.type) {
      case 'ready':
        this.ready = true;
        if (this.summary) this.post(this.summary);
        return;
      case 'chooseTarget':
        if (this.table)
          this.post({
            type: 'target',
            payload: { requestId: m.payload.requestId, balance: balanceOf(this.table, m.payload.name) },
          });
        return;
      case 'newExperiment':
        await this.ports.newExperiment(m.payload.target);
        return;
    }
  }
}
