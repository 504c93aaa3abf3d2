import { readdirSync, readFileSync } from 'node:fs';

const TICKS_PER_SECOND = 100;

/** CPU ticks used so far by each live process of a given command name, by pid, from /proc; null without /proc. */
function ticksByPid(command: string): Map<string, number> | null {
  let entries: string[];
  try {
    entries = readdirSync('/proc');
  } catch {
    return null;
  }
  const ticks = new Map<string, number>();
  for (const entry of entries) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const close = stat.lastIndexOf(')');
      const name = stat.slice(stat.indexOf('(') + 1, close);
      if (name !== command) continue;
      // Fields after the command: state is field 3; utime and stime are fields 14 and 15.
      const fields = stat.slice(close + 2).split(' ');
      ticks.set(entry, Number(fields[11]) + Number(fields[12]));
    } catch {
      // The process exited while we read it.
      continue;
    }
  }
  return ticks;
}

/**
 * Starts measuring the CPU of every process of a command name (e.g. all PostgreSQL backends);
 * the returned function gives the CPU seconds they used since. Counted per process: one that
 * starts in between counts from zero, one that exits in between drops out (its share in the
 * window is lost, so the figure can be low, never negative). NaN on a machine without /proc.
 */
export function cpuSecondsSince(command: string): () => number {
  const before = ticksByPid(command);
  return () => {
    const after = ticksByPid(command);
    if (!before || !after) return Number.NaN;
    let ticks = 0;
    for (const [pid, now] of after) ticks += Math.max(0, now - (before.get(pid) ?? 0));
    return ticks / TICKS_PER_SECOND;
  };
}
