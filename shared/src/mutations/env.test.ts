import { describe, expect, it } from 'vitest';
import { jobCreate } from '../domain/jobs/mutations.ts';
import { DomainError } from '../errors.ts';
import { recordingEnv, replayingEnv } from './env.ts';
import { TEST_NOW, testContext, testId, testRow } from './test-context.ts';

function counterFrom(start: number): () => string {
  let next = start;
  return () => testId(next++);
}

describe('recordingEnv', () => {
  it('records every id and sequence number it hands out, in order, per series', () => {
    const seqs: Record<string, number> = { job: 41, invoice: 7 };
    const { env, source } = recordingEnv(TEST_NOW, counterFrom(1), (series) => {
      seqs[series] = (seqs[series] ?? 0) + 1;
      return seqs[series];
    });
    expect([
      source.newId(),
      source.nextSeq('job'),
      source.newId(),
      source.nextSeq('job'),
      source.nextSeq('invoice'),
    ]).toEqual([testId(1), 42, testId(2), 43, 8]);
    expect(env).toEqual({
      now: TEST_NOW,
      ids: [testId(1), testId(2)],
      seqs: { job: [42, 43], invoice: [8] },
    });
  });
});

describe('replayingEnv', () => {
  const recorded = { now: TEST_NOW, ids: [testId(1), testId(2)], seqs: { job: [42, 43] } };

  it('hands out the recorded ids, then fresh ones once the recording runs out', () => {
    const source = replayingEnv(recorded, counterFrom(500));
    expect([source.newId(), source.newId(), source.newId()]).toEqual([testId(1), testId(2), testId(500)]);
  });

  it('replays sequence numbers per series and refuses to invent one', () => {
    const source = replayingEnv(recorded, counterFrom(500));
    expect(source.nextSeq('job')).toBe(42);
    expect(source.nextSeq('job')).toBe(43);
    expect(() => source.nextSeq('job')).toThrow(DomainError);
    expect(() => source.nextSeq('invoice')).toThrow(/no invoice number was recorded on the counter/);
  });

  it('does not share cursors between two replays of the same env', () => {
    const first = replayingEnv(recorded, counterFrom(500));
    first.newId();
    first.nextSeq('job');
    const second = replayingEnv(recorded, counterFrom(500));
    expect(second.newId()).toBe(testId(1));
    expect(second.nextSeq('job')).toBe(42);
  });
});

describe('a decide replayed from its recorded env', () => {
  const customer = testRow('customers', { id: testId(700), name: 'Asha' });
  const state = { customer, vehicle: null, tenant: null };
  const input = { customerId: customer.id, concern: 'brakes' };

  it('produces exactly the decision the counter made (ids, job number, rows)', () => {
    let seq = 41;
    const { env, source } = recordingEnv(TEST_NOW, counterFrom(1), () => ++seq);
    const onCounter = jobCreate.decide(input, state, testContext({ source }));

    // The server: other fresh ids, no sequence of its own, the same env.
    const onServer = jobCreate.decide(input, state, testContext({ source: replayingEnv(env, counterFrom(9000)) }));
    expect(onServer).toEqual(onCounter);
    expect(onCounter.result).toEqual({ jobId: testId(1), number: 'BLR1A-00042' });
  });

  it('differs when run with fresh values instead, which is why the env is recorded', () => {
    const { source } = recordingEnv(TEST_NOW, counterFrom(1), () => 42);
    const recorded = jobCreate.decide(input, state, testContext({ source }));
    const fresh = jobCreate.decide(input, state, testContext({ firstId: 9000, firstSeq: { job: 42 } }));
    expect(fresh).not.toEqual(recorded);
  });
});
