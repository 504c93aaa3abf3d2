import { DomainError } from '../errors.ts';
import type { MutationEnv } from './types.ts';

export interface EnvSource {
  newId(): string;
  nextSeq(series: string): number;
}

/**
 * On the counter: hands out fresh ids and sequence numbers and records them, so that the server
 * and later rebases replay exactly the same values.
 */
export function recordingEnv(
  now: string,
  freshId: () => string,
  takeSeq: (series: string) => number,
): { env: MutationEnv; source: EnvSource } {
  const env: MutationEnv = { now, ids: [], seqs: {} };
  return {
    env,
    source: {
      newId() {
        const id = freshId();
        env.ids.push(id);
        return id;
      },
      nextSeq(series) {
        const value = takeSeq(series);
        (env.seqs[series] ??= []).push(value);
        return value;
      },
    },
  };
}

/**
 * Replays a recorded env. Ids beyond the recording (a decide that took another branch on
 * authoritative state) are fresh; a sequence number cannot be invented away from its device.
 */
export function replayingEnv(env: MutationEnv, freshId: () => string): EnvSource {
  let nextId = 0;
  const seqCursor: Record<string, number> = {};
  return {
    newId() {
      const recorded = env.ids[nextId];
      nextId += 1;
      return recorded ?? freshId();
    },
    nextSeq(series) {
      const index = seqCursor[series] ?? 0;
      const value = env.seqs[series]?.[index];
      if (value === undefined) throw new DomainError('invalid', `no ${series} number was recorded on the counter`);
      seqCursor[series] = index + 1;
      return value;
    },
  };
}
