// The paths' animation: the frame shown, play/pause on animation frames, and the scrubber.
import { frameCount } from './trajectoryFrames';

/**
 * Steps the frame from 0 to the last, one per animation frame, while playing; `onFrame` redraws.
 * The play button's label and the scrubber's value follow the frame.
 */
export class PathAnimation {
  frame = 0;
  frames = 1;
  private playing = false;

  constructor(
    private readonly playButton: HTMLButtonElement,
    private readonly scrub: HTMLInputElement,
    private readonly onFrame: () => void,
  ) {
    playButton.addEventListener('click', () => (this.playing ? this.stop() : this.play()));
    scrub.addEventListener('input', () => {
      this.stop();
      this.setFrame(Number(scrub.value));
    });
  }

  setFrame(k: number): void {
    this.frame = Math.max(0, Math.min(this.frames - 1, k));
    this.scrub.value = String(this.frame);
    this.onFrame();
  }

  play(): void {
    if (this.frame >= this.frames - 1) this.frame = 0;
    this.playing = true;
    this.playButton.textContent = 'Pause';
    const tick = () => {
      if (!this.playing) return;
      this.setFrame(this.frame + 1);
      if (this.frame >= this.frames - 1) return this.stop();
      requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  }

  stop(): void {
    this.playing = false;
    this.playButton.textContent = 'Play';
  }

  /** New paths of `longest` points: at the end (a restored view) or at the start (to play). */
  reset(longest: number, toEnd: boolean): void {
    this.frames = frameCount(longest);
    this.scrub.max = String(this.frames - 1);
    this.setFrame(toEnd ? this.frames - 1 : 0);
  }
}
