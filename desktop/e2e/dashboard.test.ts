import { readFile } from 'node:fs/promises';
import ExcelJS from 'exceljs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Row } from '@forecourt/shared';
import { ownerDashboard } from '../src/core/analytics/dashboard.ts';
import type { AnalyticsFilters } from '../src/core/analytics/filters.ts';
import type { BrowserMode } from '../src/core/host/browser-mode.ts';
import { localDay } from '../src/core/host/analytics-handlers.ts';
import { DEFAULT_LOCALE, formatMoney } from '../src/renderer/lib/format.ts';
import { DEMO_PASSWORD, Harness } from './support/harness.ts';
import { signIn } from './support/ui.ts';

/**
 * The owner's side of the garage: a manager at the Koramangala counter records cash, sees it in
 * their figures and hands part of it over; on the all-sites PC the owner's dashboard shows the
 * same figures as the replica, the owner confirms the settlement and exports the payments to
 * Excel, which reads back. Then a payment handed over from two PCs at once is refused with why.
 */
const ZONE = 'Asia/Kolkata';
const OPEN = new Set(['pending', 'in_progress', 'waiting_for_parts', 'on_hold', 'ready']);
const money = (minor: number) => formatMoney(minor, 'INR', DEFAULT_LOCALE);
const figure = (page: Page, label: string) => page.getByTestId(`figure-${label}`).locator('.figure-value');
const filter = (page: Page, label: string) => page.getByRole('group', { name: 'Filters' }).getByLabel(label);
const go = (page: Page, section: string) =>
  page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: section }).click();

describe('dashboard, settlements and exports', () => {
  const harness = new Harness('dashboard');
  let siteCounter: BrowserMode;
  let ownerPc: BrowserMode;
  let page: Page;
  let owner: Page;

  beforeAll(async () => {
    await harness.start({ jobs: 40 });
    siteCounter = await harness.enrolledCounter('koramangala', harness.demo.sites.main, 'Front counter');
    ownerPc = await harness.enrolledCounter('owner-pc', null, 'Owner’s PC');
  }, 300_000); // the first e2e file to run may build the renderer first
  afterAll(() => harness.close());

  it('a manager hands over cash; the owner sees the figures, confirms and exports', async () => {
    page = await harness.page(siteCounter.server.url);
    await signIn(page, harness.demo.users.manager.email, DEMO_PASSWORD);
    await expect.poll(() => siteCounter.counter.query('jobs').length, { timeout: 15_000 }).toBeGreaterThan(0);
    const jobs = siteCounter.counter.query('jobs').filter((job) => OPEN.has(String(job.status)));
    const [first, second, third] = jobs;
    if (!first || !second || !third) throw new Error('the demo history has too few open jobs');
    const record = (job: Row, method: string, amountMinor: number) =>
      siteCounter.counter.mutate('payment.record', { jobId: job.id, kind: 'advance', method, amountMinor });
    record(first, 'cash', 150_000);
    record(second, 'cash', 250_050);
    record(third, 'cash', 70_000);
    record(first, 'upi', 99_900);

    await go(page, 'Dashboard');
    await page.getByRole('heading', { name: 'My figures' }).waitFor();
    await expect.poll(() => figure(page, 'Cash not settled').textContent()).toBe(money(470_050));
    expect(await figure(page, 'Awaiting confirmation').textContent()).toBe(money(569_950));
    await harness.shot(page, '01-manager-figures');

    await go(page, 'Settlements');
    const choice = page.getByTestId('settle-payments');
    await choice.getByRole('checkbox', { name: `Hand over ${String(first.number)} ${money(150_000)}` }).check();
    await choice.getByRole('checkbox', { name: `Hand over ${String(second.number)} ${money(250_050)}` }).check();
    expect(await page.getByTestId('settle-total').textContent()).toBe(money(400_050));
    await harness.shot(page, '02-hand-over');
    await page.getByRole('button', { name: `Hand over ${money(400_050)}` }).click();
    await expect.poll(() => siteCounter.counter.query('settlements').length).toBe(1);
    const [settlement] = siteCounter.counter.query('settlements');
    expect(settlement).toMatchObject({ amount_minor: 400_050, status: 'submitted' });
    await expect.poll(() => choice.locator('tbody tr').count()).toBe(1);
    await page.getByTestId('settlement-history').getByText('Awaiting the owner').waitFor();
    await expect
      .poll(() => page.getByTestId('pending-count').textContent(), { timeout: 15_000 })
      .toBe('all saved to server');

    owner = await harness.page(ownerPc.server.url);
    await signIn(owner, harness.demo.users.owner.email, DEMO_PASSWORD);
    await expect.poll(() => ownerPc.counter.query('settlements').length, { timeout: 15_000 }).toBe(1);
    await go(owner, 'Dashboard');
    await owner.getByRole('heading', { name: 'Dashboard' }).waitFor();
    const expected = (filters: AnalyticsFilters) =>
      ownerPc.counter.readReplica((db) =>
        ownerDashboard(
          db,
          harness.demo.tenantId,
          { ...filters, timeZone: ZONE },
          { today: localDay(Date.now(), ZONE) },
        ),
      );
    const all = expected({});
    expect(all.totals.jobs).toBe(40);
    expect(all.totals.unconfirmedMinor).toBe(569_950);
    await expect.poll(() => figure(owner, 'Unconfirmed').textContent()).toBe(money(569_950));
    expect(await figure(owner, 'Jobs').textContent()).toBe('40');
    expect(await figure(owner, 'Revenue').textContent()).toBe(money(all.totals.revenueMinor));
    expect(await figure(owner, 'Outstanding').textContent()).toBe(money(all.totals.outstandingMinor));
    expect(await figure(owner, 'Average job').textContent()).toBe(money(all.totals.averageJobValueMinor));
    expect(await owner.getByTestId('status-count-cancelled').locator('strong').textContent()).toBe(
      String(all.byStatus.cancelled),
    );
    const chartRevenue = all.dailyRevenue.reduce((sum, day) => sum + day.revenueMinor, 0);
    expect(await owner.getByTestId('daily-revenue-chart').getAttribute('aria-label')).toContain(money(chartRevenue));
    await harness.shot(owner, '03-owner-dashboard');

    await filter(owner, 'Manager').selectOption({ label: harness.demo.users.manager.name });
    const mine = expected({ managerId: harness.demo.users.manager.id });
    await expect.poll(() => figure(owner, 'Jobs').textContent()).toBe(String(mine.totals.jobs));
    expect(await figure(owner, 'Revenue').textContent()).toBe(money(mine.totals.revenueMinor));
    expect(await owner.getByTestId('figures-by-manager').locator('tbody tr').count()).toBe(1);
    await filter(owner, 'Site').selectOption({ label: 'Mysuru Road' });
    const mysuru = expected({ managerId: harness.demo.users.manager.id, siteId: harness.demo.sites.second });
    await expect.poll(() => figure(owner, 'Jobs').textContent()).toBe(String(mysuru.totals.jobs));
    await harness.shot(owner, '04-owner-filtered');
    await owner.getByRole('button', { name: 'Clear' }).click();
    await filter(owner, 'Site').selectOption({ label: 'All sites' });

    await go(owner, 'Settlements');
    const pending = owner.getByTestId('pending-settlements');
    await pending.getByRole('cell', { name: money(400_050) }).waitFor();
    await pending.getByText('2 payments').click();
    await harness.shot(owner, '05-owner-pending-settlement');
    await pending.getByRole('button', { name: 'Confirm received' }).click();
    await expect.poll(() => ownerPc.counter.query('settlements')[0]?.status).toBe('confirmed');
    const confirmed = ownerPc.counter.query('payments', { where: { settlement_id: settlement?.id ?? '' } });
    expect(confirmed.map((payment) => payment.status)).toEqual(['confirmed', 'confirmed']);
    await owner.getByTestId('settlement-history').getByText('Confirmed', { exact: true }).waitFor();
    await harness.shot(owner, '06-owner-confirmed');

    await go(owner, 'Exports');
    const [download] = await Promise.all([
      owner.waitForEvent('download'),
      owner.getByRole('button', { name: 'Export payments to Excel' }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^forecourt-payments-\d{4}-\d{2}-\d{2}\.xlsx$/);
    const book = new ExcelJS.Workbook();
    // exceljs's load type predates Node's generic Buffer; the bytes are the same.
    await book.xlsx.load((await readFile(await download.path())) as unknown as ExcelJS.Buffer);
    const sheet = book.getWorksheet('Payments');
    expect(sheet?.rowCount).toBe(5);
    const amounts = [2, 3, 4, 5].map((row) => sheet?.getRow(row).getCell(7).value);
    expect(amounts.map(Number).sort((a, b) => a - b)).toEqual([700, 999, 1500, 2500.5]);
    const settled = [2, 3, 4, 5].filter((row) => sheet?.getRow(row).getCell(14).value === 'yes');
    expect(settled).toHaveLength(2);
    await harness.shot(owner, '07-exports');

    await expect.poll(() => siteCounter.counter.query('settlements')[0]?.status, { timeout: 15_000 }).toBe('confirmed');
    await page.getByTestId('settlement-history').getByText('Confirmed', { exact: true }).waitFor();
    await harness.shot(page, '08-manager-settled');
  });

  it('refuses to settle a payment a settlement from another PC already covers, and says why', async () => {
    const other = await harness.headlessCounter('office', harness.demo.sites.main, harness.demo.users.manager.email);
    const leftover = other.query('payments', { where: { method: 'cash' } }).find((row) => !row.settlement_id);
    if (!leftover) throw new Error('the first test leaves one cash payment unsettled');
    await go(page, 'Settlements');
    const choice = page.getByTestId('settle-payments');
    await choice.getByRole('checkbox').check();

    // This counter is cut off while the office PC hands the same cash over first.
    await siteCounter.counter.stopSync();
    other.mutate('settlement.create', { paymentIds: [leftover.id] });
    await other.syncNow();
    await page.getByRole('button', { name: `Hand over ${money(70_000)}` }).click();
    siteCounter.counter.startSync();
    await expect.poll(() => page.getByTestId('sync-problems').textContent(), { timeout: 20_000 }).toBe('1 to review');
    await page.getByTestId('sync-badge').click();
    const rejection = page.getByRole('dialog', { name: 'Sync' }).getByTestId('rejection');
    await expect
      .poll(() => rejection.textContent())
      .toContain(`The cash payment of ${money(70_000)} is already in settlement; each payment is handed over once`);
    await harness.shot(page, '09-settled-twice-refused');
    await expect
      .poll(() => siteCounter.counter.query('settlements', { where: { status: 'submitted' } }).length)
      .toBe(1);

    // The owner counts ₹100 short and rejects it: the manager sees why, and the cash is theirs to hand over again.
    await page.keyboard.press('Escape');
    await expect.poll(() => ownerPc.counter.query('settlements').length, { timeout: 15_000 }).toBe(2);
    await go(owner, 'Settlements');
    await owner.getByTestId('pending-settlements').getByRole('button', { name: 'Reject…' }).click();
    const dialog = owner.getByRole('alertdialog');
    await dialog.getByLabel('Why (the manager sees this)').fill('₹100 short in the envelope');
    await dialog.getByRole('button', { name: 'Reject' }).click();
    await expect
      .poll(() => siteCounter.counter.query('settlements', { where: { status: 'rejected' } }).length, {
        timeout: 15_000,
      })
      .toBe(1);
    await page.getByTestId('settlement-history').getByText('Reason: ₹100 short in the envelope').waitFor();
    await expect.poll(() => page.getByTestId('settle-payments').locator('tbody tr').count()).toBe(1);
    await harness.shot(page, '10-rejected-with-reason');
  });
});
