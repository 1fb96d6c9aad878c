// The lab tab's host logic without VS Code: which records it shows (following the running
// experiment or not), the init it sends, the live events it forwards, and what it does with each
// validated message of the webview.
import { join } from 'node:path';
import { readRecord } from '../../engine/runs/records';
import { readLrFindView } from '../../engine/search/lrFindFile';
import {
  labWebviewMessageSchema,
  type LabHostMessage,
  type LabPanelState,
  type LabRecord,
  type LabWebviewMessage,
} from '../../protocol/lab';
import type { RunRecord, RunSummary } from '../../protocol/record';
import type { RunProgress } from '../../protocol/runs';
import { receive } from '../../protocol/webviewChannel';
import { labTitle } from '../labTitle';
import { pngBytes } from '../pngImage';
import { svgBytes } from '../svgImage';
import { LabCurveStore } from './labDetail';
import { endedRunCurves, loadLabRecord, searchOf, type LiveRecord } from './labRecords';

/** Shown when there is nothing to show and nothing went wrong. */
export const NO_RECORDS =
  'No experiment records yet: run an experiment (Optimizer Lab: Run Experiment) and its runs appear here live.';

/** What the lab controller needs from its host (VS Code in the extension, fakes in tests). */
export interface LabPorts {
  post(message: LabHostMessage): void;
  log: { info(text: string): void; warn(text: string): void };
  setTitle(title: string): void;
  stars: { all(): string[]; toggle(recordDir: string, runId: string): void };
  /** Experiments running now, by record folder (the run manager's LiveRuns). */
  live: { readonly active: ReadonlyMap<string, LiveRecord>; cancel(recordDir: string, runId?: string): void };
  /** Record folders of the workspace, newest first. */
  findRecordDirs(): Promise<string[]>;
  /** The user's settings as configured (the controller clamps them). */
  settings(): { smoothing: number; pointCap: number };
  /** Whether the workspace is trusted to write files. */
  trusted(): boolean;
  /** Asks where to save; null when the user cancels. */
  saveDialog(o: {
    title: string;
    filter: [string, string];
    defaultPath: string | null;
  }): Promise<string | null>;
  writeFile(path: string, bytes: Uint8Array): Promise<void>;
  showWarning(text: string): void;
  showError(text: string): void;
  /** Writes `lr` into optimizers[optimizerIndex] of the experiment file. */
  writeLearningRate(experimentFile: string, optimizerIndex: number, lr: number): Promise<void>;
  /** Re-runs a diagnosed run with the doctor's remedy (the optimizerLab.applyRemedy command). */
  applyRemedy(target: { recordDir: string; runId: string }): Promise<void>;
}

/** The settings the webview gets: smoothing within [0, 0.999], at least 16 points a series. */
export function labSettings(raw: { smoothing: number; pointCap: number }): {
  smoothing: number;
  pointCap: number;
} {
  return {
    smoothing: Math.min(0.999, Math.max(0, raw.smoothing)),
    pointCap: Math.max(16, Math.round(raw.pointCap)),
  };
}

/**
 * One lab tab: posts nothing before the webview's `ready`; follows the newest running experiment
 * (or the newest record) when opened without records; forwards the live events of the records it
 * shows; drops invalid messages with a warning.
 */
export class LabController {
  private ready = false;
  private closed = false;
  /** Inits being read from disk; the newest one's number is the one that is posted. */
  private initsReading = 0;
  private initSeq = 0;
  /**
   * Live events that arrive while an init is read: posted after it, in order. Posted before it,
   * the webview would apply a run's end or the experiment's finish to records it has not loaded,
   * and the init (read before the end) would then leave the tab "running" for good.
   */
  private heldEvents: LabHostMessage[] = [];
  /** The full curves of what the tab shows; the tab gets them cut to the steps it shows. */
  private readonly store: LabCurveStore;

  constructor(
    private state: LabPanelState,
    private readonly ports: LabPorts,
  ) {
    this.store = new LabCurveStore((dir) => this.ports.live.active.get(dir)?.progress);
  }

  get follows(): boolean {
    return this.state.follow;
  }

  /** The record folders this tab shows now. */
  get recordDirs(): readonly string[] {
    return this.state.recordDirs;
  }

  /** Posts nothing more (the tab closed). */
  close(): void {
    this.closed = true;
  }

  private shows(recordDir: string): boolean {
    return this.state.recordDirs.includes(recordDir);
  }

  private post(message: LabHostMessage): void {
    if (!this.ready || this.closed) return;
    if (this.initsReading > 0 && message.type !== 'init') this.heldEvents.push(message);
    else this.ports.post(message);
  }

  /** Shows other records (none: follow what runs, else the newest record) and sends them. */
  show(recordDirs: readonly string[] | undefined): Promise<void> {
    const follow = !recordDirs || recordDirs.length === 0;
    this.state = { recordDirs: recordDirs ? [...recordDirs] : [], follow };
    return this.sendInit();
  }

  /** An experiment started: a following tab switches to it. */
  experimentStarted(recordDir: string): Promise<void> {
    if (!this.state.follow) return Promise.resolve();
    this.state = { ...this.state, recordDirs: [recordDir] };
    return this.sendInit();
  }

  progress(recordDir: string, runId: string, progress: RunProgress): void {
    if (this.shows(recordDir)) this.post({ type: 'progress', payload: { recordDir, runId, progress } });
  }

  async runEnded(recordDir: string, summary: RunSummary, record: RunRecord): Promise<void> {
    if (!this.shows(recordDir)) return;
    const curves = this.store.ended(recordDir, summary.id, await endedRunCurves(recordDir, summary, record));
    const search = await searchOf(recordDir);
    this.post({ type: 'runEnd', payload: { recordDir, summary, record, curves, search } });
  }

  async finished(recordDir: string, record: RunRecord): Promise<void> {
    if (!this.shows(recordDir)) return;
    this.post({ type: 'finish', payload: { recordDir, record, search: await searchOf(recordDir) } });
  }

  starsChanged(): void {
    this.post({ type: 'stars', payload: { stars: this.ports.stars.all() } });
  }

  /** Handles one message of the webview; resolves once it is acted on. */
  async handle(data: unknown): Promise<void> {
    const arrival = receive<LabWebviewMessage>(labWebviewMessageSchema, data);
    if (!arrival.ok) {
      this.ports.log.warn(`lab panel: dropped ${arrival.reason}`);
      return;
    }
    const m = arrival.message;
    switch (m.type) {
      case 'ready':
        this.ready = true;
        await this.sendInit();
        return;
      case 'requestRange': {
        const { requestId, range, buckets } = m.payload;
        this.post({
          type: 'rangeCurves',
          payload: { requestId, records: this.store.cut({ range, buckets }) },
        });
        return;
      }
      case 'toggleStar':
        this.ports.stars.toggle(m.payload.recordDir, m.payload.runId);
        return;
      case 'cancel':
        this.ports.live.cancel(m.payload.recordDir, m.payload.runId ?? undefined);
        return;
      case 'useLr': {
        const view = await readLrFindView(m.payload.recordDir);
        const entry = await readRecord(m.payload.recordDir);
        const file = entry.ok ? entry.record.experimentFile : null;
        if (!view || !file) {
          this.ports.showError('Optimizer Lab: this record has no experiment file to write the rate into.');
          return;
        }
        await this.ports.writeLearningRate(file, view.optimizerIndex, m.payload.lr);
        return;
      }
      case 'applyRemedy':
        await this.ports.applyRemedy(m.payload);
        return;
      case 'exportCsv': {
        const saved = await this.save(
          'export results',
          { title: 'Export results as CSV', filter: ['CSV', 'csv'] },
          m.payload.suggestedName,
          () => new TextEncoder().encode(m.payload.csv),
          'results exported to',
        );
        this.post({ type: 'exportCsvResult', payload: { requestId: m.payload.requestId, saved } });
        return;
      }
      case 'saveImage': {
        const saved = await this.save(
          'save images',
          { title: 'Save chart as PNG', filter: ['PNG image', 'png'] },
          m.payload.suggestedName,
          () => pngBytes(m.payload.dataUrl),
          'chart saved to',
        );
        this.post({ type: 'saveImageResult', payload: { requestId: m.payload.requestId, saved } });
        return;
      }
      case 'saveSvg': {
        const saved = await this.save(
          'save images',
          { title: 'Save chart as SVG', filter: ['SVG image', 'svg'] },
          m.payload.suggestedName,
          () => svgBytes(m.payload.svg),
          'chart saved to',
        );
        this.post({ type: 'saveImageResult', payload: { requestId: m.payload.requestId, saved } });
        return;
      }
    }
  }

  /**
   * Saves bytes where the user picks (beside the first shown record by default): nothing in an
   * untrusted workspace, nothing when `bytes` gives none (an image that is not a PNG). The path
   * saved to, or null.
   */
  private async save(
    what: string,
    dialog: { title: string; filter: [string, string] },
    suggestedName: string,
    bytes: () => Uint8Array | null,
    logged: string,
  ): Promise<string | null> {
    if (!this.ports.trusted()) {
      this.ports.showWarning(
        `Optimizer Lab: trust the workspace to ${what}; an untrusted workspace writes no files.`,
      );
      return null;
    }
    const data = bytes();
    if (!data) {
      const kind = dialog.filter[1] === 'svg' ? 'plain SVG' : dialog.filter[1].toUpperCase();
      this.ports.log.warn(`a chart image that is not a ${kind} was dropped`);
      return null;
    }
    const near = this.state.recordDirs[0];
    const target = await this.ports.saveDialog({
      ...dialog,
      defaultPath: near ? join(near, suggestedName) : null,
    });
    if (!target) return null;
    await this.ports.writeFile(target, data);
    this.ports.log.info(`${logged} ${target}`);
    return target;
  }

  /** Which records to show when following: the newest running experiment, else the newest record. */
  private async followed(): Promise<string[]> {
    const active = [...this.ports.live.active].sort(([, a], [, b]) =>
      b.record.createdAt.localeCompare(a.record.createdAt),
    );
    if (active[0]) return [active[0][0]];
    const newest = (await this.ports.findRecordDirs())[0];
    return newest ? [newest] : [];
  }

  private async sendInit(): Promise<void> {
    if (!this.ready) return;
    const seq = ++this.initSeq;
    this.initsReading++;
    try {
      const init = await this.readInit();
      // A newer init started while this one read: it holds a later state, and it is the one posted.
      // The tab gets the overview; the full curves stay here for its zooms.
      if (seq === this.initSeq)
        this.post({ ...init, payload: { ...init.payload, records: this.store.keep(init.payload.records) } });
    } finally {
      this.initsReading--;
      if (this.initsReading === 0) {
        const held = this.heldEvents;
        this.heldEvents = [];
        for (const m of held) this.post(m);
      }
    }
  }

  /** The init message of what the tab shows now, read from disk and the live sessions. */
  private async readInit(): Promise<Extract<LabHostMessage, { type: 'init' }>> {
    if (this.state.follow && this.state.recordDirs.length === 0) {
      this.state = { ...this.state, recordDirs: await this.followed() };
    }
    const loaded = await Promise.all(
      this.state.recordDirs.map((d) => loadLabRecord(d, this.ports.live.active.get(d))),
    );
    const records = loaded.filter((r): r is LabRecord => typeof r !== 'string');
    const problems = loaded.filter((r): r is string => typeof r === 'string');
    for (const p of problems) this.ports.log.warn(`lab panel: ${p}`);
    this.ports.setTitle(labTitle(records.map((r) => r.record)));
    const empty = records.length > 0 ? null : problems.length > 0 ? problems.join('\n') : NO_RECORDS;
    return {
      type: 'init',
      payload: {
        settings: labSettings(this.ports.settings()),
        records,
        stars: this.ports.stars.all(),
        follow: this.state.follow,
        empty,
      },
    };
  }
}
