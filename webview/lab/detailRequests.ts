// The lab's detail on zoom: after the charts' x range settles, ask the host for the visible steps cut
// to the chart's width (full resolution once few enough), and take only the newest answer.
import type { LabCurves } from '../../src/engine/report/labCurves';
import { LAB_MAX_BUCKETS, LAB_MIN_BUCKETS, type LabWebviewMessage } from '../../src/protocol/lab';
import { nextRequestId } from '../shared/host';
import { LatestRequest, stepRangeOf } from './detailRange';
import type { XMode } from './series';

/** Wheel zooms come in bursts: one request once the range has been still this long (ms). */
const SETTLE_MS = 80;

export interface DetailPorts {
  post(m: LabWebviewMessage): void;
  xMode(): XMode;
  /** The curves of every shown run (their epoch ends place a time or epoch range in steps). */
  runs(): LabCurves[];
  /** The width of the charts' plot area in device pixels: one bucket a pixel column. */
  width(): number;
}

/** Requests detail for the charts' x range and tells a current answer from a stale one. */
export class DetailRequests {
  private readonly latest = new LatestRequest();
  private timer: ReturnType<typeof setTimeout> | null = null;
  /** Whether the model holds curves cut to a zoom (a reset then asks for the overview again). */
  private zoomed = false;
  private stale = 0;
  /** The step range of the newest request (null: the overview). */
  private asked: { lo: number; hi: number } | null = null;

  constructor(private readonly ports: DetailPorts) {}

  /** The charts now show x in `range` (null: the whole run). */
  rangeChanged(range: readonly [number, number] | null): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = null;
      this.request(range);
    }, SETTLE_MS);
  }

  private request(range: readonly [number, number] | null): void {
    const steps = range ? stepRangeOf(this.ports.runs(), this.ports.xMode(), [range[0], range[1]]) : null;
    // An axis not made of steps has nothing to detail; the overview needs asking only after a zoom.
    if (range ? steps === null : !this.zoomed) {
      this.latest.clear();
      return;
    }
    const buckets = Math.min(LAB_MAX_BUCKETS, Math.max(LAB_MIN_BUCKETS, Math.round(this.ports.width())));
    const requestId = this.latest.start(nextRequestId());
    this.asked = steps;
    this.ports.post({ type: 'requestRange', payload: { requestId, range: steps, buckets } });
  }

  /**
   * An answer arrived: true when it is the newest request's (the caller then draws it); an older
   * one is counted and dropped. The root element shows both, for tests and a reader of the DOM.
   */
  answer(requestId: string): boolean {
    if (!this.latest.settle(requestId)) {
      this.stale++;
      document.documentElement.dataset['detailStale'] = String(this.stale);
      return false;
    }
    this.zoomed = this.asked !== null;
    document.documentElement.dataset['detailRange'] = this.asked ? `${this.asked.lo},${this.asked.hi}` : '';
    return true;
  }

  /** New records: no answer about the old ones counts, and they arrive as an overview. */
  reset(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    this.latest.clear();
    this.zoomed = false;
  }
}
