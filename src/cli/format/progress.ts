// ProgressDisplay: Shows an experiment's progress on stderr.
import type { RunSummary } from '../../protocol/record';
import { terminalText } from './terminalText';
import { formatNumber } from '../../engine/format';

/**
 * Shows an experiment's progress on stderr: a bar redrawn in place on a terminal (at most ten
 * times a second), or one plain line per finished run when stderr is a pipe or a file.
 */
export class ProgressDisplay {
  private total = 0;
  private ended = 0;
  private running = new Set<string>();
  private lastDraw = 0;
  private drawn = false;

  private readonly name: string;

  constructor(
    private readonly write: (text: string) => void,
    private readonly tty: boolean,
    name: string,
  ) {
    // The bar writes its own cursor codes, so what it draws from files is filtered here.
    this.name = terminalText(name);
  }

  start(total: number): void {
    this.total = total;
    if (!this.tty) this.write(`${this.name}: ${total} run${total === 1 ? '' : 's'}\n`);
    this.draw(true);
  }

  progress(runId: string): void {
    this.running.add(runId);
    this.draw(false);
  }

  runEnded(s: RunSummary): void {
    this.running.delete(s.id);
    this.ended++;
    if (!this.tty) {
      const loss = s.final_val_loss ?? s.final_train_loss;
      const detail =
        s.status === 'failed' || s.status === 'diverged'
          ? `: ${s.message ?? ''}`
          : `, loss ${formatNumber(loss)}`;
      this.write(
        terminalText(
          `[${this.ended}/${this.total}] ${s.id} ${s.label} ${s.status} after ${s.steps} steps${detail}\n`,
        ),
      );
    }
    this.draw(true);
  }

  /** Clears the bar so the next output starts on a clean line. */
  finish(): void {
    if (this.tty && this.drawn) this.write('\r\x1b[2K');
  }

  private draw(force: boolean): void {
    if (!this.tty) return;
    const now = Date.now();
    if (!force && now - this.lastDraw < 100) return;
    this.lastDraw = now;
    const width = 24;
    const filled = this.total ? Math.round((width * this.ended) / this.total) : 0;
    const bar = '#'.repeat(filled) + '-'.repeat(width - filled);
    this.write(
      `\r\x1b[2K${this.name} [${bar}] ${this.ended}/${this.total} runs, ${this.running.size} running`,
    );
    this.drawn = true;
  }
}
