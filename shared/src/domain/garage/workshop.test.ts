import { describe, expect, it } from 'vitest';
import { SITE_1 } from '../../mutations/test-context.ts';
import {
  domainError,
  inserted,
  managerCtx,
  ownerCtx,
  profileRow,
  run,
  siteRow,
  tenantCH,
  tenantIN,
  updated,
} from './test-rows.ts';
import { workshopUpdateProfile } from './workshop.ts';

const LOGO = 'data:image/png;base64,iVBORw0KGgo=';

describe('workshop.updateProfile', () => {
  it('validates and stores the GSTIN on the site and derives the state from it', () => {
    const site = { ...siteRow, tax_id: null };
    const ran = run(
      workshopUpdateProfile,
      {
        siteId: SITE_1,
        taxId: '27aapfu0939f1zv',
        logoDataUrl: LOGO,
        documentFooter: 'Thank you!',
        upiVpa: 'rao@okaxis',
      },
      { site, profiles: [], tenant: tenantIN },
      ownerCtx(),
      [site],
    );
    expect(updated(ran, 'sites')[0]?.after.tax_id).toBe('27AAPFU0939F1ZV');
    expect(inserted(ran, 'site_profiles')[0]).toMatchObject({
      site_id: SITE_1,
      country: 'IN',
      state_code: '27',
      logo_data_url: LOGO,
      upi_vpa: 'rao@okaxis',
    });
  });

  it('refuses a GSTIN with a wrong check character, a state that contradicts it, and a bad UPI id', () => {
    const state = { site: siteRow, profiles: [profileRow], tenant: tenantIN };
    expect(
      domainError(() => run(workshopUpdateProfile, { siteId: SITE_1, taxId: '27AAPFU0939F1ZW' }, state, ownerCtx()))
        .message,
    ).toMatch(/check character/);
    expect(
      domainError(() =>
        run(workshopUpdateProfile, { siteId: SITE_1, taxId: '27AAPFU0939F1ZV', stateCode: '29' }, state, ownerCtx()),
      ).message,
    ).toMatch(/registered in state 27/);
    expect(
      domainError(() => run(workshopUpdateProfile, { siteId: SITE_1, upiVpa: 'not a vpa' }, state, ownerCtx())).message,
    ).toMatch(/UPI/);
  });

  it('takes a Swiss UID / VAT number in Switzerland', () => {
    const ran = run(
      workshopUpdateProfile,
      { siteId: SITE_1, taxId: 'che-116.281.710 mwst' },
      { site: siteRow, profiles: [profileRow], tenant: tenantCH },
      ownerCtx(),
      [siteRow, profileRow],
    );
    expect(updated(ran, 'sites')[0]?.after.tax_id).toBe('CHE-116.281.710 MWST');
    expect(updated(ran, 'site_profiles')[0]?.after).toMatchObject({ country: 'CH', state_code: null });
    expect(
      domainError(() =>
        run(
          workshopUpdateProfile,
          { siteId: SITE_1, taxId: 'CHE-116.281.711' },
          { site: siteRow, profiles: [], tenant: tenantCH },
          ownerCtx(),
        ),
      ).code,
    ).toBe('invalid');
  });

  it('is for owners only', () => {
    expect(
      domainError(() =>
        run(
          workshopUpdateProfile,
          { siteId: SITE_1, documentFooter: 'x' },
          { site: siteRow, profiles: [], tenant: tenantIN },
          managerCtx(),
        ),
      ).code,
    ).toBe('forbidden');
  });
});
