import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, type CliIo } from '../../cli/commands.ts';
import { silentLogger } from '../../logger.ts';
import { createRentalReplica, openContract, type RentalReplica } from './rental-fixture.test-support.ts';

/** forecourt-device doc contract|rental-invoice|reservation, through the real CLI on a real replica folder. */
describe('forecourt-device doc for rentals', () => {
  let rental: RentalReplica;
  let out: string;
  let contract: { contractId: string; number: string; invoiceNumber: string | null };
  beforeAll(() => {
    rental = createRentalReplica();
    contract = openContract(rental, { photos: 2, close: { cash: true } });
    out = mkdtempSync(join(tmpdir(), 'forecourt-rental-cli-'));
  });
  afterAll(() => {
    rental.close();
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
      counterOptions: { clock: () => rental.now, WebSocket: null },
    };
    const code = await runCli(['--data', rental.dir, ...argv], io);
    return { code, stdout, stderr };
  }

  it('writes the contract with its photos from the blob files, by contract number', async () => {
    const file = join(out, 'contract.pdf');
    const result = await cli('doc', 'contract', contract.number, '--out', file);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ out: file, number: contract.number });
    expect(execFileSync('pdftotext', [file, '-'], { encoding: 'utf8' })).toContain('Photos at pickup (2)');
    const images = execFileSync('pdfimages', ['-list', file], { encoding: 'utf8' }).trim().split('\n').length - 2;
    expect(images).toBeGreaterThanOrEqual(2 + 1 + 2);
  });

  it('writes the rental invoice by id, and explains what is wrong', async () => {
    const file = join(out, 'invoice.pdf');
    expect((await cli('doc', 'rental-invoice', contract.contractId, '--out', file)).code).toBe(0);
    expect(execFileSync('pdftotext', [file, '-'], { encoding: 'utf8' })).toContain('Payment part');
    // By the invoice number, or the contract number: the invoice number is what it answers with.
    for (const ref of ['ZRH1A/2026/00001', contract.number]) {
      const byNumber = await cli('doc', 'rental-invoice', ref, '--out', file);
      expect(JSON.parse(byNumber.stdout), ref).toMatchObject({ number: 'ZRH1A/2026/00001' });
      expect(execFileSync('pdftotext', [file, '-'], { encoding: 'utf8' })).toContain('ZRH1A/2026/00001');
    }
    expect(contract.invoiceNumber).toBe('ZRH1A/2026/00001');
    expect(JSON.parse((await cli('doc', 'contract', 'ZRH1A-26-99999', '--out', file)).stderr)).toMatchObject({
      error: { code: 'not-found' },
    });
    expect(JSON.parse((await cli('doc', 'lease', contract.number, '--out', file)).stderr)).toMatchObject({
      error: { code: 'invalid', message: expect.stringMatching(/rental-invoice or reservation/) },
    });
  });
});
