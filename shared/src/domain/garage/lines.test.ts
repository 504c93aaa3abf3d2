import { describe, expect, it } from 'vitest';
import { SITE_2, testContext, testId, testRow } from '../../mutations/test-context.ts';
import { cannedJobSave } from './canned-jobs.ts';
import { jobLineAdd, jobLineAddCanned, jobLineRemove, jobLineUpdate } from './lines.ts';
import { domainError, inserted, jobRow, lineRow, managerCtx, run, siteRow, tenantIN, updated } from './test-rows.ts';

const job = jobRow({ status: 'in_progress' });
const base = { job, tenant: tenantIN, sites: [siteRow], lines: [lineRow(1)] };

describe('jobLine.add', () => {
  it('adds hours × rate labour with India’s labour SAC and the default 18 %', () => {
    const ran = run(
      jobLineAdd,
      {
        jobId: job.id,
        kind: 'labour',
        description: 'Brake service',
        quantityMilli: 1500,
        unitPriceMinor: 60_000,
        technicianName: 'Ramu',
      },
      base,
      managerCtx(),
      [job],
    );
    expect(inserted(ran, 'job_lines')[0]).toMatchObject({
      job_id: job.id,
      kind: 'labour',
      pricing: 'hourly',
      position: 2,
      hsn_sac: '9987',
      quantity_milli: 1500,
      unit_price_minor: 60_000,
      tax_rate_bp: 1800,
      technician_name: 'Ramu',
    });
    expect(inserted(ran, 'job_updates')[0]?.body).toBe('Added labour: Brake service');
  });

  it('prices flat labour as one unit and parts per unit', () => {
    const flat = run(
      jobLineAdd,
      {
        jobId: job.id,
        kind: 'labour',
        pricing: 'flat',
        description: 'Wash',
        quantityMilli: 2500,
        unitPriceMinor: 30_000,
      },
      base,
      managerCtx(),
    );
    expect(inserted(flat, 'job_lines')[0]?.quantity_milli).toBe(1000);
    expect(
      domainError(() =>
        run(
          jobLineAdd,
          { jobId: job.id, kind: 'part', pricing: 'hourly', description: 'Oil', unitPriceMinor: 1 },
          base,
          managerCtx(),
        ),
      ).code,
    ).toBe('invalid');
  });

  it('refuses a discount above the line, a rate not in force, a bad HSN and an invoiced or cancelled job', () => {
    const part = {
      jobId: job.id,
      kind: 'part',
      description: 'Oil filter',
      quantityMilli: 1000,
      unitPriceMinor: 45_000,
    };
    expect(domainError(() => run(jobLineAdd, { ...part, discountMinor: 45_001 }, base, managerCtx())).message).toMatch(
      /discount/,
    );
    expect(domainError(() => run(jobLineAdd, { ...part, taxRateBp: 1200 }, base, managerCtx())).message).toMatch(
      /12% is not/,
    );
    expect(domainError(() => run(jobLineAdd, { ...part, hsnSac: '84A1' }, base, managerCtx())).code).toBe('invalid');
    expect(
      domainError(() => run(jobLineAdd, part, { ...base, job: { ...job, invoice_id: testId(77) } }, managerCtx()))
        .message,
    ).toMatch(/credit note/);
    expect(
      domainError(() => run(jobLineAdd, part, { ...base, job: { ...job, status: 'cancelled' } }, managerCtx())).code,
    ).toBe('conflict');
    expect(domainError(() => run(jobLineAdd, part, base, testContext({ role: 'viewer' }))).code).toBe('forbidden');
  });

  it('lets the 12 % slab be used before GST 2.0 took it away', () => {
    const before = managerCtx({ now: '2025-09-20T06:00:00.000Z' });
    const ran = run(
      jobLineAdd,
      { jobId: job.id, kind: 'part', description: 'Tyre', unitPriceMinor: 300_000, taxRateBp: 2800 },
      base,
      before,
    );
    expect(inserted(ran, 'job_lines')[0]?.tax_rate_bp).toBe(2800);
  });
});

describe('jobLine.update / remove', () => {
  const line = lineRow(1);

  it('changes only what differs and re-checks the whole line', () => {
    const ran = run(
      jobLineUpdate,
      { jobId: job.id, lineId: line.id, quantityMilli: 2000 },
      { ...base, line },
      managerCtx(),
      [line],
    );
    expect(updated(ran, 'job_lines')[0]?.fields).toEqual(['quantity_milli']);
    expect(
      domainError(() =>
        run(jobLineUpdate, { jobId: job.id, lineId: line.id, discountMinor: 999_999 }, { ...base, line }, managerCtx()),
      ).message,
    ).toMatch(/discount/);
  });

  it('removes a line as a tombstone, never a line of another job', () => {
    const ran = run(jobLineRemove, { jobId: job.id, lineId: line.id }, { ...base, line }, managerCtx(), [line]);
    expect(updated(ran, 'job_lines')[0]?.fields).toEqual(['deleted_at']);
    const other = lineRow(1, { job_id: testId(51) });
    expect(
      domainError(() => run(jobLineRemove, { jobId: job.id, lineId: line.id }, { ...base, line: other }, managerCtx()))
        .message,
    ).toMatch(/another job/);
  });
});

describe('canned jobs', () => {
  const cannedLines = [
    { kind: 'labour', pricing: 'flat', description: 'Periodic service labour', unitPriceMinor: 120_000 },
    { kind: 'part', description: 'Engine oil 5W-30', hsnSac: '27101980', quantityMilli: 3500, unitPriceMinor: 52_000 },
  ];

  it('saves a line set for managers and adds it to a job in one step, after the existing lines', () => {
    const saved = run(cannedJobSave, { name: 'Periodic service', lines: cannedLines }, {}, managerCtx());
    const canned = testRow('canned_jobs', inserted(saved, 'canned_jobs')[0] ?? {});
    expect(canned).toMatchObject({ name: 'Periodic service', active: true });
    const ran = run(
      jobLineAddCanned,
      { jobId: job.id, cannedJobId: canned.id },
      { ...base, canned },
      managerCtx({ firstId: 700 }),
    );
    const added = inserted(ran, 'job_lines');
    expect(added.map((row) => [row.position, row.description, row.canned_job_id])).toEqual([
      [2, 'Periodic service labour', canned.id],
      [3, 'Engine oil 5W-30', canned.id],
    ]);
    expect(
      domainError(() => run(cannedJobSave, { name: 'x', lines: cannedLines }, {}, testContext({ role: 'staff' }))).code,
    ).toBe('forbidden');
  });

  it('refuses a retired canned job and a line set with a rate no longer in force', () => {
    const retired = testRow('canned_jobs', { id: testId(60), name: 'Old', lines: cannedLines, active: false });
    expect(
      domainError(() =>
        run(jobLineAddCanned, { jobId: job.id, cannedJobId: retired.id }, { ...base, canned: retired }, managerCtx()),
      ).message,
    ).toMatch(/retired/);
    const stale = testRow('canned_jobs', {
      id: testId(61),
      name: 'Tyres',
      lines: [{ ...cannedLines[1], taxRateBp: 2800 }],
      active: true,
    });
    expect(
      domainError(() =>
        run(jobLineAddCanned, { jobId: job.id, cannedJobId: stale.id }, { ...base, canned: stale }, managerCtx()),
      ).message,
    ).toMatch(/28%/);
  });

  it('keeps lines at the job’s site', () => {
    const site2 = testRow('sites', { ...siteRow, id: SITE_2, code: 'MYS1' });
    const elsewhere = { ...base, sites: [siteRow, site2], job: { ...job, site_id: SITE_2 } };
    expect(
      domainError(() =>
        run(jobLineAdd, { jobId: job.id, kind: 'part', description: 'x', unitPriceMinor: 1 }, elsewhere, managerCtx()),
      ).code,
    ).toBe('forbidden');
  });
});
