import type { TSchema } from 'typebox';
import { Compile } from 'typebox/compile';
import { describe, expect, it } from 'vitest';
import {
  LiveMessage,
  PullRequest,
  PullResponse,
  PushRequest,
  PushResponse,
  envelopeOf,
  type PullResponse as PullResponseType,
  type PushRequest as PushRequestType,
} from './protocol.ts';

/** What the receiving side sees: the value after it crossed the wire as JSON. */
function overTheWire(value: unknown): unknown {
  return JSON.parse(JSON.stringify(value));
}

function firstError(schema: TSchema, value: unknown): { instancePath: string; message: string } | undefined {
  return [...Compile(schema).Errors(value)][0];
}

const MUTATION_ID = '01900000-0000-7000-8000-000000000001';

const push: PushRequestType = {
  clientId: 'client-7f3a',
  mutations: [
    {
      id: 41,
      name: 'job.create',
      args: { customerId: MUTATION_ID, concern: 'brakes squeal', estimateMinor: 250_000 },
      hlc: '001795338000000-00003-device1',
      env: { now: '2026-11-22T09:30:00.000Z', ids: [MUTATION_ID], seqs: { job: [42] } },
      actorId: MUTATION_ID,
      baseVersion: 1200,
    },
    {
      id: 42,
      name: 'job.addNote',
      args: null,
      hlc: '001795338000000-00004-device1',
      env: { now: '2026-11-22T09:31:00.000Z', ids: [], seqs: {} },
      actorId: MUTATION_ID,
      baseVersion: 1200,
    },
  ],
};

const pull: PullResponseType = {
  changes: [
    {
      table: 'customers',
      op: 'put',
      id: MUTATION_ID,
      row: { id: MUTATION_ID, name: 'Asha', site_ids: [1, null] },
    },
    { table: 'jobs', op: 'remove', id: MUTATION_ID },
  ],
  checkpoint: 1234,
  snapshot: null,
  hasMore: false,
  lastMutationId: 42,
  outcomes: [
    { id: 41, status: 'applied', clockClamped: true },
    { id: 42, status: 'rejected', error: { code: 'conflict', message: 'job is delivered' } },
  ],
  serverHlc: '001795338000100-00000-server',
};

describe('sync protocol schemas accept what the other side sends', () => {
  it('a push request survives a JSON round trip', () => {
    expect(Compile(PushRequest).Check(overTheWire(push))).toBe(true);
  });

  it('a pull response survives a JSON round trip, including a snapshot page', () => {
    expect(Compile(PullResponse).Check(overTheWire(pull))).toBe(true);
    const page = { ...pull, snapshot: { version: 1234, table: 'jobs', afterId: MUTATION_ID }, hasMore: true };
    expect(Compile(PullResponse).Check(overTheWire(page))).toBe(true);
  });

  it('a pull response whose optional fields were undefined still checks after JSON drops them', () => {
    const sparse = {
      ...pull,
      snapshot: undefined,
      outcomes: [{ id: 1, status: 'applied', error: undefined }],
    };
    expect(Compile(PullResponse).Check(overTheWire(sparse))).toBe(true);
  });

  it('pull requests, push responses, live messages and envelopes check', () => {
    const request = {
      clientId: 'c',
      cursor: 0,
      snapshot: { version: 0, table: 'tenants', afterId: '' },
      limit: 500,
    };
    expect(Compile(PullRequest).Check(overTheWire(request))).toBe(true);
    const response = {
      lastMutationId: 42,
      outcomes: pull.outcomes,
      stoppedAt: 44,
      serverHlc: pull.serverHlc,
    };
    expect(Compile(PushResponse).Check(overTheWire(response))).toBe(true);
    expect(Compile(LiveMessage).Check(overTheWire({ type: 'poke', version: 9 }))).toBe(true);
    expect(Compile(LiveMessage).Check(overTheWire({ type: 'hello', protocol: 1, version: 9 }))).toBe(true);
    const envelope = Compile(envelopeOf(PushResponse));
    expect(envelope.Check({ data: response, error: null })).toBe(true);
    expect(envelope.Check({ data: null, error: { code: 'invalid', message: 'bad' } })).toBe(true);
  });
});

describe('sync protocol schemas refuse malformed messages with a pointed error', () => {
  it('a mutation id below 1', () => {
    const bad = overTheWire({ ...push, mutations: [{ ...push.mutations[0], id: 0 }] });
    expect(Compile(PushRequest).Check(bad)).toBe(false);
    expect(firstError(PushRequest, bad)).toMatchObject({
      instancePath: '/mutations/0/id',
      message: 'must be >= 1',
    });
  });

  it('a mutation without its env', () => {
    const { env: _env, ...withoutEnv } = push.mutations[0]!;
    const bad = overTheWire({ ...push, mutations: [withoutEnv] });
    expect(firstError(PushRequest, bad)).toMatchObject({ instancePath: '/mutations/0' });
    expect(firstError(PushRequest, bad)?.message).toMatch(/required.*env/);
  });

  it('a sequence number that is not an integer', () => {
    const mutation = { ...push.mutations[0]!, env: { ...push.mutations[0]!.env, seqs: { job: [1.5] } } };
    const bad = overTheWire({ ...push, mutations: [mutation] });
    expect(firstError(PushRequest, bad)?.instancePath).toBe('/mutations/0/env/seqs/job/0');
  });

  it('more than 1000 mutations in one batch', () => {
    const many = Array.from({ length: 1001 }, (_, index) => ({ ...push.mutations[0]!, id: index + 1 }));
    const bad = overTheWire({ clientId: 'c', mutations: many });
    expect(firstError(PushRequest, bad)).toMatchObject({ instancePath: '/mutations' });
    expect(firstError(PushRequest, bad)?.message).toMatch(/1000/);
  });

  it('a pull response without its checkpoint', () => {
    const { checkpoint: _checkpoint, ...rest } = pull;
    const error = firstError(PullResponse, overTheWire(rest));
    expect(error?.message).toMatch(/required.*checkpoint/);
  });

  it('a row change with an unknown op, and an outcome with an unknown status', () => {
    const badOp = overTheWire({ ...pull, changes: [{ table: 'jobs', op: 'update', id: 'x' }] });
    expect(Compile(PullResponse).Check(badOp)).toBe(false);
    expect(firstError(PullResponse, badOp)?.instancePath).toMatch(/^\/changes\/0/);
    const badStatus = overTheWire({ ...pull, outcomes: [{ id: 1, status: 'maybe' }] });
    expect(Compile(PullResponse).Check(badStatus)).toBe(false);
    expect(firstError(PullResponse, badStatus)?.instancePath).toMatch(/^\/outcomes\/0/);
  });

  it('a negative cursor and an oversized page limit', () => {
    expect(firstError(PullRequest, { clientId: 'c', cursor: -1 })?.instancePath).toBe('/cursor');
    expect(firstError(PullRequest, { clientId: 'c', cursor: 0, limit: 50_001 })?.instancePath).toBe('/limit');
  });

  it('a live message of an unknown type', () => {
    expect(Compile(LiveMessage).Check({ type: 'data', version: 1 })).toBe(false);
  });
});
