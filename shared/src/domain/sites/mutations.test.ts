import { describe, expect, it } from 'vitest';
import { authorize } from '../../mutations/execute.ts';
import { OWNER, SITE_1, planDecision, testContext, testRow } from '../../mutations/test-context.ts';
import type { AnyMutation } from '../../mutations/registry.ts';
import { siteUpdate } from './mutations.ts';

const site = testRow('sites', { id: SITE_1, name: 'Indiranagar', code: 'BLR1', timezone: 'Asia/Kolkata' });
const tenant = testRow('tenants', { country: 'IN', currency: 'INR' });
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
      { siteId: site.id, name: 'Indiranagar Workshop', taxId: '29aagcr4375j1zu', phone: '080 4123 4567' },
      { site, tenant },
      owner,
    );
    expect(decision.changes).toEqual([
      {
        op: 'update',
        table: 'sites',
        id: site.id,
        set: { name: 'Indiranagar Workshop', phone: '+918041234567', tax_id: '29AAGCR4375J1ZU' },
      },
    ]);
    expect(planDecision(decision, [site], owner)[0]?.after).toMatchObject({
      code: 'BLR1',
      timezone: 'Asia/Kolkata',
    });
  });

  it('checks the tax id with its check character and the phone number for the country', () => {
    const owner = testContext({ role: 'owner' });
    expect(() => siteUpdate.decide({ siteId: site.id, taxId: '29AAGCR4375J1ZV' }, { site, tenant }, owner)).toThrow(
      expect.objectContaining({ code: 'invalid', message: expect.stringMatching(/wrong check character/) }),
    );
    const swiss = testRow('tenants', { country: 'CH', currency: 'CHF' });
    expect(() =>
      siteUpdate.decide({ siteId: site.id, taxId: 'CHE-116.281.711' }, { site, tenant: swiss }, owner),
    ).toThrow(expect.objectContaining({ code: 'invalid' }));
    expect(
      siteUpdate.decide({ siteId: site.id, taxId: 'che116281710 mwst', phone: '' }, { site, tenant: swiss }, owner)
        .changes,
    ).toEqual([expect.objectContaining({ set: { tax_id: 'CHE-116.281.710 MWST', phone: null } })]);
    expect(() => siteUpdate.decide({ siteId: site.id, phone: '12' }, { site, tenant }, owner)).toThrow(
      expect.objectContaining({ code: 'invalid' }),
    );
  });

  it('refuses an update that changes nothing and a site it cannot see', () => {
    const owner = testContext({ role: 'owner' });
    expect(() => siteUpdate.decide({ siteId: site.id }, { site, tenant }, owner)).toThrow(
      expect.objectContaining({ code: 'invalid', message: 'site.update: nothing to change' }),
    );
    expect(() => siteUpdate.decide({ siteId: site.id, name: 'x' }, { site: null, tenant }, owner)).toThrow(
      expect.objectContaining({ code: 'not-found', message: 'site not found' }),
    );
  });
});
