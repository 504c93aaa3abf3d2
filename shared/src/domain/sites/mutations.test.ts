import { describe, expect, it } from 'vitest';
import { authorize } from '../../mutations/execute.ts';
import { OWNER, SITE_1, planDecision, testContext, testRow } from '../../mutations/test-context.ts';
import type { AnyMutation } from '../../mutations/registry.ts';
import { siteUpdate } from './mutations.ts';

const site = testRow('sites', { id: SITE_1, name: 'Indiranagar', code: 'BLR1', timezone: 'Asia/Kolkata' });
// authorize takes the registry's erased type; the definition itself is the same object.
const asRegistered = siteUpdate as unknown as AnyMutation;

describe('site.update', () => {
  it('is for owners only', () => {
    expect(() => authorize(asRegistered, testContext({ role: 'owner', userId: OWNER }))).not.toThrow();
    for (const role of ['manager', 'staff', 'viewer'] as const) {
      expect(() => authorize(asRegistered, testContext({ role }))).toThrow(
        expect.objectContaining({ code: 'forbidden', message: 'site.update needs the role owner' }),
      );
    }
  });

  it('changes the fields given, mapped to columns', () => {
    const owner = testContext({ role: 'owner', userId: OWNER, deviceSiteId: null, allowedSiteIds: null });
    const decision = siteUpdate.decide(
      { siteId: site.id, name: 'Indiranagar Workshop', taxId: '29ABCDE1234F1Z5', phone: null },
      { site },
      owner,
    );
    expect(decision.changes).toEqual([
      {
        op: 'update',
        table: 'sites',
        id: site.id,
        set: { name: 'Indiranagar Workshop', phone: null, tax_id: '29ABCDE1234F1Z5' },
      },
    ]);
    expect(planDecision(decision, [site], owner)[0]?.after).toMatchObject({
      code: 'BLR1',
      timezone: 'Asia/Kolkata',
    });
  });

  it('refuses an update that changes nothing and a site it cannot see', () => {
    const owner = testContext({ role: 'owner' });
    expect(() => siteUpdate.decide({ siteId: site.id }, { site }, owner)).toThrow(
      expect.objectContaining({ code: 'invalid', message: 'site.update: nothing to change' }),
    );
    expect(() => siteUpdate.decide({ siteId: site.id, name: 'x' }, { site: null }, owner)).toThrow(
      expect.objectContaining({ code: 'not-found', message: 'site not found' }),
    );
  });
});
