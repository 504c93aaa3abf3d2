import { tableSpec, uuidv7, type ColumnKind, type Row } from '@forecourt/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { BrowserMode } from '../src/core/host/browser-mode.ts';
import { DEMO_PASSWORD, Harness } from './support/harness.ts';
import { signIn } from './support/ui.ts';

/** A 1×1 PNG, as a logo file picked from disk. */
const TINY_PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
  'base64',
);
const NEW_MANAGER = { name: 'Meera Iyer', email: 'meera.iyer@example.test', password: 'garage keys 2026' };

const FILLER: Record<ColumnKind, unknown> = {
  id: '00000000-0000-7000-8000-000000000000',
  text: 'x',
  time: '2026-11-02T09:00:00.000Z',
  int: 0,
  bool: false,
  json: [],
};

/** An invoice row as the server stores it, with only the columns the number check reads set. */
function invoiceRow(tenantId: string, siteId: string, seq: number): Row {
  const row: Record<string, unknown> = {};
  for (const [column, spec] of Object.entries(tableSpec('invoices').columns))
    row[column] = spec.nullable ? null : FILLER[spec.kind];
  const number = `BLR1A/2627/${String(seq).padStart(5, '0')}`;
  return {
    ...row,
    ...{ id: uuidv7(), tenant_id: tenantId, site_id: siteId, deleted_at: null, kind: 'invoice' },
    ...{ series: 'inv:BLR1A:2627', fiscal_year: '2627', seq, number },
  } as Row; // every column of the table spec is set above
}

async function joinWithInvite(page: Page, code: string): Promise<void> {
  await page.getByRole('button', { name: 'New here? Join with an invite code' }).click();
  const form = page.getByRole('form', { name: 'Join with an invite code' });
  await form.getByLabel('Invite code').fill(code);
  await form.getByLabel('Your name').fill(NEW_MANAGER.name);
  await form.getByLabel('Email').fill(NEW_MANAGER.email);
  await form.getByLabel('Choose a password').fill(NEW_MANAGER.password);
  await form.getByLabel('Repeat the password').fill(NEW_MANAGER.password);
  await form.getByRole('button', { name: 'Join and sign in' }).click();
}

/**
 * The owner's administration through the visible UI: an invite created in settings, a new
 * manager joining with it on their site's counter, the owner deactivating them, and the sign-in
 * that then fails with a clear message. Also the sites and number series tabs.
 */
describe('owner administration', () => {
  const harness = new Harness('owner-admin');
  let ownerPc: BrowserMode;
  let siteCounter: BrowserMode;

  beforeAll(async () => {
    await harness.start({ jobs: 5 });
    ownerPc = await harness.enrolledCounter('owner-pc', null, 'Owner’s PC');
    siteCounter = await harness.enrolledCounter('koramangala-counter', harness.demo.sites.main, 'Koramangala counter');
  }, 300_000); // may rebuild the renderer first
  afterAll(() => harness.close());

  it('invites a manager who joins and signs in; once deactivated they cannot sign in again', async () => {
    const owner = await harness.page(ownerPc.server.url);
    await signIn(owner, harness.demo.users.owner.email, DEMO_PASSWORD);
    await owner.keyboard.press('Alt+4');
    await owner.getByRole('heading', { name: 'Invite someone' }).waitFor();
    await owner.getByLabel('Works at').selectOption({ label: 'Koramangala' });
    await owner.getByLabel('Role').selectOption('manager');
    await owner.getByRole('button', { name: 'Create invite' }).click();
    const card = owner.getByTestId('invite-code');
    await expect.poll(() => card.textContent(), { timeout: 15_000 }).toContain('Manager at Koramangala');
    const code = ((await card.locator('.code-value').textContent()) ?? '').trim();
    expect(code).toMatch(/^[A-Z2-9]{5}-[A-Z2-9]{5}$/);
    await owner.getByTestId('open-invites').getByRole('cell', { name: 'Manager' }).waitFor();
    await harness.shot(owner, '01-invite-created');

    const counter = await harness.page(siteCounter.server.url);
    await counter.getByRole('heading', { name: 'Sign in' }).waitFor();
    await joinWithInvite(counter, code.toLowerCase());
    const pinDialog = counter.getByRole('dialog', { name: 'Set a PIN for offline sign-in' });
    await pinDialog.getByRole('button', { name: 'Not now' }).click();
    await counter.getByRole('button', { name: new RegExp(NEW_MANAGER.name) }).waitFor();
    await harness.shot(counter, '02-manager-joined');

    const row = owner.getByTestId('users-table').getByRole('row', { name: new RegExp(NEW_MANAGER.name) });
    await row.waitFor({ timeout: 15_000 });
    expect(await row.textContent()).toContain('Koramangala');
    await row.getByRole('button', { name: 'Deactivate' }).click();
    await owner.getByRole('alertdialog').getByRole('button', { name: 'Deactivate' }).click();
    await expect.poll(() => row.textContent(), { timeout: 15_000 }).toContain('Deactivated');
    expect(await owner.getByTestId('open-invites').count()).toBe(0);
    await harness.shot(owner, '03-manager-deactivated');

    // The counter signs them out by itself once the deactivation syncs to it.
    await siteCounter.counter.syncNow();
    await counter.getByRole('button', { name: 'Sign in', exact: true }).waitFor({ timeout: 15_000 });
    expect(await counter.getByRole('button', { name: new RegExp(NEW_MANAGER.name) }).count()).toBe(0);
    await expect(signIn(counter, NEW_MANAGER.email, NEW_MANAGER.password)).rejects.toThrow(
      /this account is deactivated/i,
    );
    await harness.shot(counter, '04-deactivated-sign-in-refused');

    await joinWithInvite(counter, code);
    await expect
      .poll(() => counter.locator('.form-error').textContent())
      .toMatch(/this invite code has already been used/i);
    await harness.shot(counter, '05-used-code-refused');
  });

  it('adds a site with a checked tax id, flags a gap in a number series and revokes a PC', async () => {
    const owner = await harness.page(ownerPc.server.url);
    await owner.getByRole('button', { name: /Anil Sharma/ }).waitFor();
    await owner.keyboard.press('Alt+4');
    await owner.getByRole('tab', { name: 'Sites' }).click();
    await owner.getByRole('button', { name: 'Add a site' }).click();
    const form = owner.getByRole('form', { name: 'Add a site' });
    await form.getByLabel('Site name').fill('Whitefield');
    await form.getByLabel('Site code').fill('WFD1');
    await form.getByLabel('Tax id').fill('29AAGCR4375J1ZV');
    await form.getByRole('button', { name: 'Add site' }).click();
    await owner.getByText(/wrong check character/).waitFor();
    await form.getByLabel('Tax id').fill('29AAGCR4375J1ZU');
    await form.getByRole('button', { name: 'Add site' }).click();
    await owner.getByTestId('sites-table').getByRole('cell', { name: '29AAGCR4375J1ZU' }).waitFor({ timeout: 15_000 });
    await harness.shot(owner, '06-sites');

    await owner
      .getByTestId('sites-table')
      .getByRole('row', { name: /Koramangala/ })
      .getByRole('button')
      .click();
    const editor = owner.getByRole('form', { name: 'Edit Koramangala' });
    await editor.getByLabel('Phone').fill('080 4123 4567');
    await editor.getByLabel('Tax id').fill('29AAGCR4375J1ZU');
    await editor.getByLabel('Legal name on documents').fill('Sharma Motors Private Limited');
    await editor.getByLabel('Document footer').fill('Thank you for your custom. Goods once fitted are not returnable.');
    await editor.getByLabel('UPI id').fill('sharma.motors@okhdfc');
    await editor.getByLabel('UPI payee name').fill('Sharma Motors');
    expect(await editor.getByLabel('Bank details').count()).toBe(0); // the QR-bill's IBAN: Swiss sites only
    await editor.getByLabel('Logo').setInputFiles({ name: 'logo.png', mimeType: 'image/png', buffer: TINY_PNG });
    await editor.getByRole('img', { name: 'Logo' }).waitFor();
    await harness.shot(owner, '06b-site-editor');
    await editor.getByRole('button', { name: 'Save' }).click();
    const edited = owner.getByTestId('sites-table').getByRole('row', { name: /Koramangala/ });
    await expect.poll(() => edited.textContent()).toContain('+918041234567');
    expect(await edited.textContent()).toContain('29AAGCR4375J1ZU');
    // Saved in the workshop profile: the invoice's UPI QR code pays this id.
    await expect
      .poll(() => ownerPc.counter.query('site_profiles', { where: { site_id: harness.demo.sites.main } })[0])
      .toMatchObject({ upi_vpa: 'sharma.motors@okhdfc', upi_payee_name: 'Sharma Motors' });

    // Three invoices of one series reach the server with number 3 missing (a rejected finalisation).
    const { tenantId, sites } = harness.demo;
    await harness.requireServer().engine.writeRows(
      tenantId,
      [1, 2, 4].map((seq) => ({ table: 'invoices' as const, row: invoiceRow(tenantId, sites.main, seq) })),
    );
    await owner.getByRole('tab', { name: 'Number series' }).click();
    await owner.getByLabel('Year').fill('2627');
    await owner.getByRole('button', { name: 'Check numbers' }).click();
    await expect.poll(() => owner.getByTestId('number-series-verdict').textContent()).toMatch(/gaps or duplicates/);
    expect(await owner.getByTestId('number-series').textContent()).toContain('number 3 missing');
    await harness.shot(owner, '07-number-series');

    await owner.getByRole('tab', { name: 'Devices' }).click();
    const counterRow = owner.getByTestId('devices-table').getByRole('row', { name: /Koramangala counter/ });
    await counterRow.getByRole('button', { name: 'Revoke' }).click();
    await owner.getByRole('alertdialog').getByRole('button', { name: 'Revoke PC' }).click();
    await expect.poll(() => counterRow.textContent(), { timeout: 15_000 }).toContain('Revoked');
    expect(await counterRow.getByRole('button', { name: 'Revoke' }).count()).toBe(0);
    await harness.shot(owner, '08-pc-revoked');
  });
});
