import { describe, expect, it } from 'vitest';
import { OWNER, SITE_1, testContext, testRow } from '../../mutations/test-context.ts';
import { formatIban, isQrIban, normaliseSiteIban, qrBillIbanProblem } from './iban.ts';
import { siteUpdate } from './mutations.ts';

const site = testRow('sites', { id: SITE_1, name: 'Zürich', code: 'ZRH1', timezone: 'Europe/Zurich' });
const tenant = testRow('tenants', { country: 'CH', currency: 'CHF' });
const owner = testContext({ role: 'owner', userId: OWNER });

describe('the site IBAN', () => {
  it('accepts Swiss and Liechtenstein IBANs by their mod-97 check, stored compact, and tells a QR-IBAN', () => {
    expect(normaliseSiteIban('ch93 0076 2011 6238 5295 7')).toBe('CH9300762011623852957');
    expect(normaliseSiteIban(' LI21 0881 0000 2324 013A A ')).toBe('LI21088100002324013AA');
    // SIX example QR-IBAN: institution id 31999 (30000–31999).
    expect(normaliseSiteIban('CH44 3199 9123 0008 8901 2')).toBe('CH4431999123000889012');
    expect(isQrIban('CH4431999123000889012')).toBe(true);
    expect(isQrIban('CH9300762011623852957')).toBe(false);
    expect(formatIban('CH4431999123000889012')).toBe('CH44 3199 9123 0008 8901 2');
  });

  it('names what is wrong', () => {
    expect(qrBillIbanProblem('CH93 0076 2011 6238 5295 8')).toBe(
      'the IBAN CH9300762011623852958 has a wrong check digit: a typing error?',
    );
    expect(qrBillIbanProblem('DE89 3704 0044 0532 0130 00')).toBe(
      'DE89370400440532013000 is not a Swiss or Liechtenstein IBAN: QR-bills need an account starting CH or LI',
    );
    expect(qrBillIbanProblem('CH93 0076 2011 6238 529')).toBe(
      'the IBAN CH93007620116238529 must have 21 characters (CH, 2 check digits, 17 more), not 19',
    );
    expect(qrBillIbanProblem('CH93-0076-2011')).toMatch(/letters and digits only/);
    expect(qrBillIbanProblem('CH9300762011623852957')).toBeNull();
  });

  it('is set by site.update (owners), checked there on the counter and again on the server', () => {
    expect(siteUpdate.decide({ siteId: site.id, iban: 'ch44 3199 9123 0008 8901 2' }, { site, tenant }, owner)).toEqual(
      { changes: [{ op: 'update', table: 'sites', id: site.id, set: { iban: 'CH4431999123000889012' } }] },
    );
    expect(siteUpdate.decide({ siteId: site.id, iban: '  ' }, { site, tenant }, owner).changes).toEqual([
      expect.objectContaining({ set: { iban: null } }),
    ]);
    const server = { ...owner, authoritative: true };
    for (const ctx of [owner, server]) {
      expect(() =>
        siteUpdate.decide({ siteId: site.id, iban: 'CH9300762011623852958' }, { site, tenant }, ctx),
      ).toThrow(expect.objectContaining({ code: 'invalid', message: expect.stringMatching(/wrong check digit/) }));
    }
  });
});
