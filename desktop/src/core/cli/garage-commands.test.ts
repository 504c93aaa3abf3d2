import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGarageReplica, type GarageReplica } from '../analytics/garage-fixture.test-support.ts';
import { silentLogger } from '../logger.ts';
import { runCli, type CliIo } from './commands.ts';

/** forecourt-device doc / export, run through the real CLI on a real replica folder. */
describe('forecourt-device doc and export', () => {
  let garage: GarageReplica;
  let out: string;
  let job: { jobId: string; number: string };
  beforeAll(() => {
    garage = createGarageReplica();
    job = garage.job({ status: 'delivered', invoice: true });
    out = mkdtempSync(join(tmpdir(), 'forecourt-cli-out-'));
  });
  afterAll(() => {
    garage.close();
    rmSync(out, { recursive: true, force: true });
  });

  async function cli(...argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
    let stdout = '';
    let stderr = '';
    const io: CliIo = {
      stdout: { write: (text: string) => (stdout += text) },
      stderr: { write: (text: string) => (stderr += text) },
      env: {},
      untilStopped: () => Promise.resolve(),
      logger: silentLogger,
      counterOptions: { clock: () => garage.now, WebSocket: null },
    };
    const code = await runCli(['--data', garage.dir, ...argv], io);
    return { code, stdout, stderr };
  }

  it('writes the invoice and the job card of a job named by number or id', async () => {
    const invoice = join(out, 'invoice.pdf');
    const result = await cli('doc', 'invoice', job.number, '--out', invoice);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ out: invoice, job: job.number });
    expect(execFileSync('pdftotext', [invoice, '-'], { encoding: 'utf8' })).toContain('BLR1A/2627/00001');
    const card = join(out, 'card.pdf');
    expect((await cli('doc', 'job-card', job.jobId, '--out', card)).code).toBe(0);
    expect(execFileSync('pdftotext', [card, '-'], { encoding: 'utf8' })).toContain('JOB CARD');
  });

  it('exports jobs with filters to a workbook exceljs reads', async () => {
    const file = join(out, 'jobs.xlsx');
    const result = await cli(
      'export',
      'jobs',
      '--out',
      file,
      '--from',
      '2026-11-01',
      '--to',
      '2026-11-30',
      '--site',
      garage.siteId,
    );
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ rows: 1 });
    const workbook = new ExcelJS.Workbook();
    // exceljs's load type predates Node's generic Buffer; the bytes are the same.
    await workbook.xlsx.load(readFileSync(file) as unknown as ExcelJS.Buffer);
    expect(workbook.worksheets[0]?.getRow(2).getCell(1).value).toBe(job.number);
  });

  it('writes a credit note named by its number or id', async () => {
    const credited = garage.job({ status: 'delivered', invoice: true, customer: 'Kiran Iyer' });
    const invoice = garage.replica.store().find('invoices', { job_id: credited.jobId })[0];
    const credit = garage.mutate(garage.manager, 'invoice.creditNote', { invoiceId: invoice?.id, reason: 'duplicate' });
    const file = join(out, 'credit-note.pdf');
    const result = await cli('doc', 'credit-note', String(credit.number), '--out', file);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ out: file, number: credit.number });
    const text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
    expect(text).toMatch(/Credit note no\.\s+BLR1A\/2627\/C0001/);
    expect(text).toMatch(new RegExp(`Invoice no\\.\\s+${String(invoice?.number).replaceAll('/', '\\/')}`));
    expect((await cli('doc', 'credit-note', String(credit.creditNoteId), '--out', file)).code).toBe(0);
    expect(JSON.parse((await cli('doc', 'credit-note', String(invoice?.id), '--out', file)).stderr)).toMatchObject({
      error: { code: 'not-found' },
    });
  });

  it('explains what is wrong', async () => {
    expect(JSON.parse((await cli('doc', 'receipt', job.number, '--out', join(out, 'x.pdf'))).stderr)).toMatchObject({
      error: { code: 'invalid' },
    });
    expect(JSON.parse((await cli('doc', 'invoice', 'BLR1A-99999', '--out', join(out, 'x.pdf'))).stderr)).toMatchObject({
      error: { code: 'not-found' },
    });
    expect(
      JSON.parse((await cli('export', 'jobs', '--out', join(out, 'x.xlsx'), '--from', 'yesterday')).stderr),
    ).toMatchObject({
      error: { code: 'invalid', message: expect.stringMatching(/YYYY-MM-DD/) },
    });
    expect((await cli('export', 'jobs')).code).toBe(1);
  });
});
