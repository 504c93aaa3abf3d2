import { afterEach, describe, expect, it } from 'vitest';
import { hashPin, verifyPin } from '../../src/core/auth/pin.ts';
import { SITE_ID, TENANT_ID, USER_ID } from './support/fake-server.ts';
import { openTestCounter, type TestCounter } from './support/test-counter.ts';

describe('PIN hashes', () => {
  it('are salted scrypt hashes that verify only the same PIN', () => {
    const first = hashPin('4321');
    const second = hashPin('4321');
    expect(first).toMatch(/^scrypt\$16384\$8\$1\$/);
    expect(first).not.toBe(second);
    expect(verifyPin('4321', first)).toBe(true);
    expect(verifyPin('4322', first)).toBe(false);
    expect(verifyPin('4321', 'scrypt$1$1$1$$')).toBe(false);
    expect(() => hashPin('12a4')).toThrow(expect.objectContaining({ code: 'invalid' }));
    expect(() => hashPin('123')).toThrow(expect.objectContaining({ code: 'invalid' }));
    expect(() => hashPin('123456789')).toThrow(expect.objectContaining({ code: 'invalid' }));
  });
});

/** The signed-in user's row as the server sends it after the owner changed it. */
const staffRow = (role: string, siteId: string) => ({
  id: USER_ID,
  tenant_id: TENANT_ID,
  email: 'staff@demo.in',
  name: 'Sam Staff',
  role,
  site_ids: [siteId],
  active: true,
  created_at: '2026-11-22T09:00:00.000Z',
  updated_at: '2026-11-22T09:05:00.000Z',
  deleted_at: null,
});

/** A pull answer carrying that one row. */
const usersRowPage = (row: Record<string, unknown>, checkpoint: number) => ({
  data: {
    changes: [{ table: 'users', op: 'put', id: USER_ID, row }],
    checkpoint,
    hasMore: false,
    lastMutationId: 0,
    outcomes: [],
    serverHlc: '001795000000000-00000-server',
  },
});

describe('sign-in on the counter', () => {
  let t: TestCounter;
  afterEach(async () => t.close());

  it('signs in online, remembers the user here, and keeps the session across a restart', async () => {
    t = await openTestCounter();
    expect(t.counter.currentUser()).toEqual({
      userId: USER_ID,
      email: 'staff@demo.in',
      name: 'Sam Staff',
      role: 'staff',
      siteIds: [SITE_ID],
      offline: false,
    });
    expect(t.events).toContainEqual({ type: 'session', user: expect.objectContaining({ userId: USER_ID }) });
    await t.counter.close();
    const reopened = t.reopen();
    expect(reopened.currentUser()).toMatchObject({ userId: USER_ID });
  });

  it('maps a refused or unreachable online sign-in to a DomainError', async () => {
    t = await openTestCounter({ signedIn: false });
    t.server.failNext('/auth/login', {
      status: 401,
      error: { code: 'unauthenticated', message: 'wrong email or password' },
    });
    await expect(t.counter.login({ email: 'staff@demo.in', password: 'nope' })).rejects.toMatchObject({
      code: 'unauthenticated',
      message: 'wrong email or password',
    });
    t.server.unreachable = true;
    await expect(t.counter.login({ email: 'staff@demo.in', password: 'pw' })).rejects.toMatchObject({
      code: 'unavailable',
    });
  });

  it('signs in offline with a PIN only for a user who signed in online here and set one', async () => {
    t = await openTestCounter();
    expect(() => t.counter.loginWithPin({ email: 'staff@demo.in', pin: '2468' })).toThrow(
      expect.objectContaining({ code: 'unauthenticated', message: 'no PIN is set for this user on this PC' }),
    );
    t.counter.setPin('2468');
    await t.counter.logout();
    expect(t.counter.currentUser()).toBeNull();
    t.server.unreachable = true;
    expect(() => t.counter.loginWithPin({ email: 'someone@demo.in', pin: '2468' })).toThrow(
      expect.objectContaining({ code: 'unauthenticated' }),
    );
    expect(() => t.counter.loginWithPin({ email: 'staff@demo.in', pin: '1111' })).toThrow(
      expect.objectContaining({ code: 'unauthenticated', message: 'wrong email or PIN' }),
    );
    const user = t.counter.loginWithPin({ email: 'STAFF@demo.in', pin: '2468' });
    expect(user).toMatchObject({ userId: USER_ID, role: 'staff', siteIds: [SITE_ID], offline: true });
    // Offline and signed in with a PIN: work goes on and is queued.
    t.counter.mutate('customer.create', { name: 'Made offline' });
    expect(t.counter.status().pendingCount).toBe(1);
  });

  it('needs a signed-in user to set a PIN, and 4 to 8 digits', async () => {
    t = await openTestCounter({ signedIn: false });
    expect(() => t.counter.setPin('1234')).toThrow(expect.objectContaining({ code: 'unauthenticated' }));
    await t.counter.login({ email: 'staff@demo.in', password: 'pw' });
    expect(() => t.counter.setPin('12')).toThrow(expect.objectContaining({ code: 'invalid' }));
    expect(() => t.counter.setPin('12345678')).not.toThrow();
  });

  it('locks PIN sign-in for a while after five wrong PINs', async () => {
    t = await openTestCounter();
    t.counter.setPin('2468');
    for (let attempt = 0; attempt < 5; attempt += 1) {
      expect(() => t.counter.loginWithPin({ email: 'staff@demo.in', pin: '0000' })).toThrow(
        expect.objectContaining({ code: 'unauthenticated' }),
      );
    }
    expect(() => t.counter.loginWithPin({ email: 'staff@demo.in', pin: '2468' })).toThrow(
      expect.objectContaining({ code: 'rate-limited' }),
    );
    t.timers.now += 5 * 60_000 + 1;
    expect(t.counter.loginWithPin({ email: 'staff@demo.in', pin: '2468' })).toMatchObject({ userId: USER_ID });
  });

  it('takes the role and sites of an offline session from the replicated users row', async () => {
    t = await openTestCounter();
    t.counter.setPin('2468');
    const usersRow = staffRow('manager', SITE_ID);
    t.server.on('/sync/pull', () => usersRowPage(usersRow, 1));
    await t.counter.syncNow();
    await t.counter.logout();
    expect(t.counter.loginWithPin({ email: 'staff@demo.in', pin: '2468' })).toMatchObject({ role: 'manager' });
    // A user deactivated on the server is signed out here and cannot sign in offline any more.
    t.server.on('/sync/pull', () => usersRowPage({ ...usersRow, active: false }, 2));
    const signedIn = t.counter.loginWithPin({ email: 'staff@demo.in', pin: '2468' });
    expect(t.counter.currentUser()?.userId).toBe(signedIn.userId);
    await t.counter.syncNow();
    // The deactivation ends the session on this counter as soon as the row arrives.
    expect(t.counter.currentUser()).toBeNull();
    expect(() => t.counter.loginWithPin({ email: 'staff@demo.in', pin: '2468' })).toThrow(
      expect.objectContaining({ code: 'forbidden' }),
    );
  });

  it('follows a role or site the owner changed as soon as the users row arrives', async () => {
    t = await openTestCounter();
    expect(t.counter.currentUser()).toMatchObject({ role: 'staff', siteIds: [SITE_ID] });
    const OTHER_SITE = '01930000-0000-7000-8000-0000000000b2';
    const usersRow = staffRow('viewer', OTHER_SITE);
    t.server.on('/sync/pull', () => usersRowPage(usersRow, 1));
    await t.counter.syncNow();
    // Still signed in, now as what the server says: a viewer at the other site, who may not write.
    expect(t.counter.currentUser()).toMatchObject({ userId: USER_ID, role: 'viewer', siteIds: [OTHER_SITE] });
    expect(() => t.counter.mutate('customer.create', { name: 'Asha Rao', phone: '+91 98123 45678' })).toThrow(
      expect.objectContaining({ code: 'forbidden' }),
    );
  });

  it('refuses changes from a viewer and from nobody', async () => {
    t = await openTestCounter({ signedIn: false });
    expect(() => t.counter.mutate('customer.create', { name: 'X' })).toThrow(
      expect.objectContaining({ code: 'unauthenticated' }),
    );
    t.server.on('/auth/login', () => ({ data: t.server.session({ role: 'viewer' }) }));
    await t.counter.login({ email: 'viewer@demo.in', password: 'pw' });
    expect(() => t.counter.mutate('customer.create', { name: 'X' })).toThrow(
      expect.objectContaining({ code: 'forbidden' }),
    );
    expect(t.counter.status().pendingCount).toBe(0);
  });
});
