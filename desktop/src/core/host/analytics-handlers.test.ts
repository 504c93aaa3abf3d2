import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGarageReplica, GARAGE_T0, type GarageReplica } from '../analytics/garage-fixture.test-support.ts';
import type { SessionUser } from '../counter-api.ts';
import type { ActorProfile } from '../mutation-context.ts';
import { createAnalyticsHandlers, localDay } from './analytics-handlers.ts';

const ZONE = 'Asia/Kolkata';

describe('the analytics and export channels check roles in the core', () => {
  let garage: GarageReplica;
  beforeAll(() => {
    garage = createGarageReplica();
    garage.job({ status: 'delivered', invoice: true, actor: garage.manager });
    garage.job({ status: 'in_progress', actor: garage.staff, customer: 'Ravi Kumar', phone: '+91 99001 12233' });
  });
  afterAll(() => garage.close());

  const as = (actor: ActorProfile) => {
    const user: SessionUser = {
      userId: actor.userId,
      email: 'x@y.in',
      name: 'X',
      role: actor.role,
      siteIds: [...actor.siteIds],
      offline: false,
    };
    return createAnalyticsHandlers(
      {
        currentUser: () => user,
        identity: () => garage.replica.identity(),
        readReplica: (read) => read(garage.replica.db),
      },
      () => GARAGE_T0,
    );
  };

  it('gives the owner every manager and a manager only their own jobs', async () => {
    const owner = await as(garage.owner)['analytics:dashboard']({ timeZone: ZONE });
    expect(owner.totals.jobs).toBe(2);
    expect(owner.managers.map((row) => row.managerId).sort()).toEqual(
      [garage.manager.userId, garage.staff.userId].sort(),
    );
    const manager = await as(garage.manager)['analytics:dashboard']({ timeZone: ZONE });
    expect(manager.totals.jobs).toBe(1);
    expect(manager.managers.map((row) => row.managerId)).toEqual([garage.manager.userId]);
  });

  it('refuses a manager another manager’s figures or site, staff the dashboard and viewers everything', () => {
    const manager = as(garage.manager);
    expect(() => manager['analytics:dashboard']({ managerId: garage.staff.userId })).toThrow(/your own figures/);
    expect(() => manager['exports:workbook']({ kind: 'jobs', filters: { siteId: 'elsewhere' } })).toThrow(/own sites/);
    expect(() => as(garage.staff)['analytics:dashboard']({})).toThrow(/owners and managers/);
    const viewer: ActorProfile = { ...garage.staff, role: 'viewer' };
    expect(() => as(viewer)['analytics:managerDashboard']({})).toThrow(/owners and managers/);
  });

  it('exports a manager’s own jobs as an xlsx that reads back', async () => {
    const file = await as(garage.manager)['exports:workbook']({ kind: 'jobs', filters: { timeZone: ZONE } });
    expect(file.rows).toBe(1);
    expect(file.fileName).toBe(`forecourt-jobs-${localDay(GARAGE_T0, ZONE)}.xlsx`);
    const book = new ExcelJS.Workbook();
    // exceljs's load type predates Node's generic Buffer; the bytes are the same.
    await book.xlsx.load(Buffer.from(file.base64, 'base64') as unknown as ExcelJS.Buffer);
    expect(book.getWorksheet('Jobs')?.rowCount).toBe(2);
  });
});
