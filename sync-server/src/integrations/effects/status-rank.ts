/**
 * Monotonic status moves for provider-driven records: a status only replaces one of lower rank,
 * and a terminal status (the highest rank) is never replaced, so late or replayed callbacks that
 * arrive out of order change nothing.
 */
export function advances(ranks: Readonly<Record<string, number>>, current: unknown, next: string): boolean {
  const nextRank = ranks[next];
  if (nextRank === undefined) return false;
  const currentRank = typeof current === 'string' ? (ranks[current] ?? -1) : -1;
  return nextRank > currentRank;
}
