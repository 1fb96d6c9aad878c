// scheduleContext: Batches per epoch and the schedule context of a run (a surface run is one step per
// "epoch").
import type { ExportRun } from './loadRun';
import { batching } from '../train/batching';
import type { ScheduleContext } from '../schedules/index';

/** Batches per epoch and the schedule context of a run (a surface run is one step per "epoch"). */
export function scheduleContext(r: ExportRun): ScheduleContext {
  const p = r.spec.problem;
  if (p.kind !== 'dataset') return { stepsPerEpoch: 1, epochs: r.spec.epochs };
  return { stepsPerEpoch: batching(r.spec.batchSize, p.trainRows).perEpoch, epochs: r.spec.epochs };
}

/** A comment block: a title line and `#   - ` items, wrapped at about 100 columns. */
export function commentBlock(title: string, items: string[]): string {
  const out = [`# ${title}`];
  for (const item of items) {
    const words = item.split(' ');
    let line = '#   -';
    for (const w of words) {
      if (line.length + w.length + 1 > 100 && line.trim() !== '#   -') {
        out.push(line);
        line = '#    ';
      }
      line += ` ${w}`;
    }
    out.push(line);
  }
  return out.join('\n');
}

/** The import block of generated code: `math` and each optional import only where the code uses it. */
export function imports(code: string, always: string[], ...optional: [string, RegExp][]): string[] {
  const head = /\bmath\./.test(code) ? ['import math', ''] : [];
  return [...head, ...always, ...optional.filter(([, used]) => used.test(code)).map(([line]) => line)];
}
