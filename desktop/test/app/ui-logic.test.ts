import type { Row, TableName } from '@forecourt/shared';
import { describe, expect, it } from 'vitest';
import { formatPhone } from '../../src/common/phone-format.ts';
import { createSearchIndex } from '../../src/core/host/search-index.ts';
import { hashToRoute, routeToHash, type Route } from '../../src/renderer/app/navigation.ts';
import { changedJobFields, draftOfJob } from '../../src/renderer/features/jobs/components/job-draft.ts';
import { formatMoney, localeFor, parseMoney } from '../../src/renderer/lib/format.ts';
import { toE164 } from '../../src/renderer/lib/phone.ts';

describe('money at the counter', () => {
  const india = localeFor('IN', 'INR', 'Asia/Kolkata');
  const swiss = localeFor('CH', 'CHF', 'Europe/Zurich');

  it('shows integer minor units with the currency, Indian and Swiss style', () => {
    expect(formatMoney(12345050, 'INR', india)).toBe('₹1,23,450.50');
    expect(formatMoney(125005, 'CHF', swiss)).toMatch(/^CHF\s1['’]250\.05$/);
    expect(formatMoney(null, 'INR', india)).toBe('—');
  });

  it('reads typed amounts without floating point', () => {
    expect(parseMoney('3,450.50', 'INR')).toBe(345050);
    expect(parseMoney('0.1', 'INR')).toBe(10);
    expect(parseMoney("1'250.05", 'CHF')).toBe(125005);
    expect(parseMoney('₹ 99', 'INR')).toBe(9900);
    expect(parseMoney('', 'INR')).toBeNull();
    expect(() => parseMoney('12.345', 'INR')).toThrow(/2 digits/);
    expect(() => parseMoney('twelve', 'INR')).toThrow();
  });
});

describe('phone numbers', () => {
  it('turns what the counter types into E.164 and back into something readable', () => {
    expect(toE164('98450 12345', 'IN')).toBe('+919845012345');
    expect(toE164('098450-12345', 'IN')).toBe('+919845012345');
    expect(toE164('079 123 45 67', 'CH')).toBe('+41791234567');
    expect(toE164('+44 20 7946 0958', 'IN')).toBe('+442079460958');
    expect(toE164('', 'IN')).toBeNull();
    expect(() => toE164('12345', 'IN')).toThrow(/10-digit/);
    expect(formatPhone('+919845012345')).toBe('+91 98450 12345');
    expect(formatPhone('+41791234567')).toBe('+41 79 123 45 67');
  });
});

describe('routes in the URL hash', () => {
  it('round-trips every screen, and anything unknown lands on the open jobs', () => {
    const routes: Route[] = [
      { name: 'jobs', filter: 'ready' },
      { name: 'job', id: 'a1' },
      { name: 'job-new', customerId: 'c1', vehicleId: 'v1' },
      { name: 'customers' },
      { name: 'customer', id: 'c1' },
      { name: 'customer-new' },
      { name: 'vehicles' },
      { name: 'vehicle', id: 'v1' },
      { name: 'vehicle-new', customerId: 'c1' },
      { name: 'settings' },
      {
        name: 'dashboard',
        filters: { site: 'all', from: '2026-11-01', to: '2026-11-30', status: 'ready', manager: 'u1' },
      },
      { name: 'dashboard', filters: {} },
      { name: 'exports', filters: { site: 's1' } },
      { name: 'settlements' },
    ];
    for (const route of routes) expect(hashToRoute(routeToHash(route))).toEqual(expect.objectContaining(route));
    expect(hashToRoute('#/nonsense')).toEqual({ name: 'jobs', filter: 'open' });
    expect(hashToRoute('')).toEqual({ name: 'jobs', filter: 'open' });
  });
});

describe('editing a job sends only what changed', () => {
  it('so that two counters editing different fields both keep their edit', () => {
    const job = {
      id: 'j',
      tenant_id: 't',
      currency: 'INR',
      concern: 'Noise',
      estimate_minor: 150000,
      odometer_in: 42000,
    } as Row;
    const before = draftOfJob(job);
    expect(changedJobFields(before, { ...before, estimate: '1,600' }, 'INR')).toEqual({ estimateMinor: 160000 });
    expect(changedJobFields(before, { ...before, concern: '' }, 'INR')).toEqual({ concern: null });
    expect(changedJobFields(before, before, 'INR')).toEqual({});
    expect(() => changedJobFields(before, { ...before, odometer: '4.5' }, 'INR')).toThrow(/whole number/);
  });
});

describe('global search', () => {
  const rows: Record<string, Row[]> = {
    customers: [
      { id: 'c1', tenant_id: 't', site_id: 's1', name: 'Priya Sharma', phone: '+919845012345', email: null },
      {
        id: 'c2',
        tenant_id: 't',
        site_id: 's2',
        name: 'Arjun Sharma',
        phone: '+919900011122',
        email: 'arjun@example.in',
      },
    ],
    vehicles: [
      {
        id: 'v1',
        tenant_id: 't',
        site_id: 's1',
        customer_id: 'c1',
        registration: 'KA 05 MX 4242',
        make: 'Honda',
        model: 'Amaze',
        vin: null,
      },
    ],
    jobs: [
      {
        id: 'j1',
        tenant_id: 't',
        site_id: 's1',
        number: 'BLR1A-00042',
        customer_id: 'c1',
        vehicle_id: 'v1',
        status: 'in_progress',
      },
    ],
  };
  let reads = 0;
  const index = createSearchIndex({
    query: (table: TableName) => ((reads += 1), rows[table] ?? []),
    get: () => null,
  });

  it('finds a customer by name or by the digits of a phone, a vehicle by its plate, a job by its number', () => {
    expect(index.search('sharma').map((hit) => hit.id)).toEqual(['c2', 'c1']);
    expect(index.search('45012')[0]).toMatchObject({ id: 'c1', matched: 'phone', detail: '+91 98450 12345' });
    expect(index.search('mx4242')[0]).toMatchObject({
      kind: 'vehicle',
      title: 'KA 05 MX 4242',
      detail: 'Honda Amaze · Priya Sharma',
    });
    expect(index.search('42')[0]).toMatchObject({
      kind: 'job',
      title: 'BLR1A-00042',
      detail: 'Priya Sharma · KA 05 MX 4242 · in progress',
    });
    expect(index.search('s')).toEqual([]);
  });

  it('keeps to the chosen site and reads the replica again only after a change', () => {
    expect(index.search('sharma', { siteId: 's1' }).map((hit) => hit.id)).toEqual(['c1']);
    const before = reads;
    index.search('priya');
    expect(reads).toBe(before);
    index.invalidate(['customers']);
    index.search('priya');
    expect(reads).toBe(before + 1);
  });
});
