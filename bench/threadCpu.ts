// CPU time per thread of this process, from Linux's /proc/self/task: how an experiment's work
// splits between the main thread, the pool's workers and V8's helper threads (compiler, GC).
import { readdirSync, readFileSync } from 'node:fs';

/** CPU milliseconds per thread id; null where /proc is not there (not Linux). */
export function threadCpuMs(): Map<string, number> | null {
  let tids: string[];
  try {
    tids = readdirSync('/proc/self/task');
  } catch {
    return null;
  }
  const tick = 10; // USER_HZ is 100 on Linux: a tick is 10 ms
  const out = new Map<string, number>();
  for (const tid of tids) {
    try {
      const stat = readFileSync(`/proc/self/task/${tid}/stat`, 'utf8');
      // Fields after the command name (which may hold spaces): utime and stime are the 12th and 13th.
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      out.set(tid, (Number(f[11]) + Number(f[12])) * tick);
    } catch {
      // The thread ended between the listing and the read.
    }
  }
  return out;
}

/** An experiment's CPU time by kind of thread, in ms. */
export interface CpuSplit {
  main: number;
  /** Threads started during the experiment that ran for more than a tick: the pool's workers. */
  workers: number[];
  /** Threads that were already there: V8's platform threads (optimizing compiler, GC) and libuv's. */
  helpers: number;
}

/**
 * Samples every thread's CPU time until `stop()` (a worker's counters vanish with it, so they are
 * read every 50 ms and the last reading kept) and splits the total by kind of thread.
 */
export function watchThreadCpu(): { stop(): CpuSplit | null } {
  const before = threadCpuMs();
  if (!before) return { stop: () => null };
  const last = new Map(before);
  const sample = (): void => {
    for (const [tid, ms] of threadCpuMs() ?? []) last.set(tid, ms);
  };
  const timer = setInterval(sample, 50);
  return {
    stop() {
      clearInterval(timer);
      sample();
      const split: CpuSplit = { main: 0, workers: [], helpers: 0 };
      for (const [tid, ms] of last) {
        const used = ms - (before.get(tid) ?? 0);
        if (tid === String(process.pid)) split.main += used;
        else if (before.has(tid)) split.helpers += used;
        else if (used > 10) split.workers.push(used);
      }
      split.workers.sort((a, b) => b - a);
      return split;
    },
  };
}
