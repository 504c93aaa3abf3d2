import { describe, expect, it } from 'vitest';
import type { Row } from '@forecourt/shared';
import { generateInviteCode, hashInviteCode, inviteProblem } from '../../src/admin/invites.ts';
import { decideUserActive } from '../../src/admin/user-status.ts';
import type { UserRecord } from '../../src/auth/users.ts';

const owner: UserRecord = {
  id: 'owner-1',
  tenantId: 'tenant-1',
  email: 'o@example.test',
  name: 'Owner',
  role: 'owner',
  siteIds: [],
  active: true,
};
const staffRow: Row = { id: 'staff-1', tenant_id: 'tenant-1', active: true, deleted_at: null, updated_at: 'then' };
const NOW = '2026-03-01T09:00:00.000Z';

describe('decideUserActive', () => {
  it('switches a colleague off and on, and changes nothing when already so', () => {
    expect(decideUserActive(owner, staffRow, false, NOW)).toEqual({ ...staffRow, active: false, updated_at: NOW });
    expect(decideUserActive(owner, staffRow, true, NOW)).toBeNull();
  });

  it('is for owners, never about themselves, and only inside their tenant', () => {
    expect(() => decideUserActive({ ...owner, role: 'manager' }, staffRow, false, NOW)).toThrow(
      expect.objectContaining({ code: 'forbidden' }),
    );
    expect(() => decideUserActive(owner, { ...staffRow, id: owner.id }, false, NOW)).toThrow(
      expect.objectContaining({ code: 'forbidden', message: 'you cannot deactivate your own account' }),
    );
    for (const target of [null, { ...staffRow, tenant_id: 'tenant-2' }, { ...staffRow, deleted_at: NOW }])
      expect(() => decideUserActive(owner, target, false, NOW)).toThrow(expect.objectContaining({ code: 'not-found' }));
  });
});

describe('invite codes', () => {
  const invite = {
    id: 'i',
    tenant_id: 't',
    site_id: 's',
    role: 'staff',
    expires_at: '2026-03-08T09:00:00.000Z',
    used_at: null,
    withdrawn_at: null,
  };

  it('says why a code cannot be used: used first, then withdrawn, then expired', () => {
    expect(inviteProblem(invite, NOW)).toBeNull();
    expect(inviteProblem({ ...invite, used_at: NOW, withdrawn_at: NOW }, NOW)?.code).toBe('conflict');
    expect(inviteProblem({ ...invite, withdrawn_at: NOW }, NOW)?.message).toMatch(/withdrawn/);
    expect(inviteProblem(invite, invite.expires_at)?.message).toMatch(/expired/);
  });

  it('are shown in two halves and hashed whatever the case, spaces or dashes', () => {
    const code = generateInviteCode();
    expect(code).toMatch(/^[A-HJ-KM-NP-Z2-9]{5}-[A-HJ-KM-NP-Z2-9]{5}$/);
    const plain = code.replace('-', '');
    expect(hashInviteCode(` ${plain.toLowerCase()} `)).toBe(hashInviteCode(code));
    expect(hashInviteCode(code)).not.toBe(hashInviteCode(generateInviteCode()));
  });
});
