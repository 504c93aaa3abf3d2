import { describe, expect, it } from 'vitest';
import { DomainError } from '@forecourt/shared';
import type { ChannelOutput } from '../../src/common/contract.ts';
import { CHANNELS, CONTRACT } from '../../src/common/contract.ts';
import { dispatch } from '../../src/common/dispatch.ts';
import { isAllowedExternalUrl } from '../../src/common/external-links.ts';
import { createContractGuard } from '../../src/common/validate.ts';
import type { CounterApi } from '../../src/core/counter-api.ts';

// Compile-time: what the core returns is what the contract promises (a change to either side
// that breaks this stops `tsc`).
export const coreMatchesContract = {
  identity: (core: CounterApi): ChannelOutput<'device:identity'> => core.identity(),
  user: (core: CounterApi): ChannelOutput<'session:current'> => core.currentUser(),
  status: (core: CounterApi): ChannelOutput<'sync:status'> => core.status(),
  pending: (core: CounterApi): ChannelOutput<'sync:pending'> => core.pending(),
  rows: (core: CounterApi): ChannelOutput<'data:query'> => core.query('jobs'),
};

describe('the IPC contract', () => {
  const guard = createContractGuard();

  it('names every channel area:verb and gives each an input and an output schema', () => {
    expect(CHANNELS.length).toBeGreaterThan(15);
    for (const channel of CHANNELS) {
      expect(channel).toMatch(/^[a-z]+:[a-z][a-zA-Z]+$/);
      expect(CONTRACT[channel].input).toHaveProperty('~kind');
      expect(CONTRACT[channel].output).toHaveProperty('~kind');
    }
  });

  it('accepts a valid input and refuses extra fields, wrong types and bad patterns', () => {
    expect(guard.input('session:login', { email: 'a@b.in', password: 'x' }).ok).toBe(true);
    const extra = guard.input('session:login', { email: 'a@b.in', password: 'x', role: 'owner' });
    expect(extra).toMatchObject({ ok: false, error: { code: 'invalid' } });
    expect(guard.input('session:setPin', { pin: '12' }).ok).toBe(false);
    expect(guard.input('data:query', { table: 'jobs; drop table jobs' }).ok).toBe(false);
    expect(guard.input('data:mutate', { name: 'job.create', args: { anything: 1 } }).ok).toBe(true);
    expect(guard.input('data:mutate', { name: 'jobLine.add', args: {} }).ok).toBe(true);
    expect(guard.input('data:mutate', { name: 'Job.create', args: {} }).ok).toBe(false);
    expect(guard.input('sync:status', null).ok).toBe(true);
    expect(guard.input('sync:status', { sneaky: true }).ok).toBe(false);
  });

  it('checks outputs too', () => {
    expect(guard.output('session:current', null).ok).toBe(true);
    expect(guard.output('session:current', { userId: 'u' }).ok).toBe(false);
  });
});

describe('dispatch', () => {
  const guard = createContractGuard();
  const bugs: unknown[] = [];
  const options = { onBug: (error: unknown) => bugs.push(error) };

  it('refuses unknown channels and channels this side does not handle', async () => {
    expect(await dispatch(guard, {}, 'shell:exec', null, options)).toMatchObject({
      ok: false,
      error: { code: 'invalid' },
    });
    expect(await dispatch(guard, {}, 'sync:status', null, options)).toMatchObject({
      ok: false,
      error: { code: 'invalid' },
    });
  });

  it('never calls the handler with an input that does not match', async () => {
    let called = false;
    const handlers = { 'sync:dismissRejection': () => ((called = true), null) };
    const result = await dispatch(guard, handlers, 'sync:dismissRejection', { mutationId: 'x' }, options);
    expect(result.ok).toBe(false);
    expect(called).toBe(false);
  });

  it('passes a DomainError on as { code, message } and hides everything else', async () => {
    const domain = await dispatch(
      guard,
      {
        'sync:pending': () => {
          throw new DomainError('forbidden', 'managers only');
        },
      },
      'sync:pending',
      null,
      options,
    );
    expect(domain).toEqual({ ok: false, error: { code: 'forbidden', message: 'managers only' } });
    const bug = await dispatch(
      guard,
      {
        'sync:pending': () => {
          throw new Error('SQLITE_CORRUPT at /home/x/replica.db');
        },
      },
      'sync:pending',
      null,
      options,
    );
    expect(bug).toMatchObject({ ok: false, error: { code: 'internal' } });
    expect(JSON.stringify(bug)).not.toContain('replica.db');
    expect(bugs).toHaveLength(1);
  });

  it('answers a handler output that breaks the contract as a bug', async () => {
    const before = bugs.length;
    // A core that breaks its promise at run time (the types cannot see it: the value is parsed).
    const broken = () => JSON.parse('[{ "wrong": true }]') as ChannelOutput<'sync:pending'>;
    const result = await dispatch(guard, { 'sync:pending': broken }, 'sync:pending', null, options);
    expect(result).toMatchObject({ ok: false, error: { code: 'internal' } });
    expect(bugs.length).toBe(before + 1);
  });
});

describe('external links', () => {
  it('opens only https links to allow-listed hosts', () => {
    expect(isAllowedExternalUrl('https://docs.forecourt.app/sync')).toBe(true);
    expect(isAllowedExternalUrl('http://docs.forecourt.app/sync')).toBe(false);
    expect(isAllowedExternalUrl('https://docs.forecourt.app.evil.example/')).toBe(false);
    expect(isAllowedExternalUrl('https://user:pw@forecourt.app/')).toBe(false);
    expect(isAllowedExternalUrl('file:///etc/passwd')).toBe(false);
    expect(isAllowedExternalUrl('javascript:alert(1)')).toBe(false);
    expect(isAllowedExternalUrl('not a url')).toBe(false);
  });
});
