import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createGarageReplica,
  SWISS_VAT_NUMBER,
  WORKSHOP_GSTIN,
  type GarageReplica,
} from '../analytics/garage-fixture.test-support.ts';
import { creditNotePdf, invoicePdf, jobDocumentPdf, loadInvoiceDocument, loadJobSheet } from './index.ts';

/** Reads a PDF back with poppler's pdftotext (layout mode keeps table rows on one line). */
function pdfText(pdf: Buffer, dir: string, name: string): string {
  const file = join(dir, `${name}.pdf`);
  writeFileSync(file, pdf);
  return execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
}

describe('job documents (pdfmake, read back with pdftotext)', () => {
  let garage: GarageReplica;
  let dir: string;
  beforeAll(() => {
    garage = createGarageReplica();
    dir = mkdtempSync(join(tmpdir(), 'forecourt-docs-'));
  });
  afterAll(() => {
    garage.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('prints an Indian tax invoice with every rule 46 field, tax lines and the UPI QR code', async () => {
    const { jobId } = garage.job({ status: 'delivered', invoice: true });
    const store = garage.replica.store();
    const text = pdfText(
      await jobDocumentPdf(store, 'invoice', jobId, new Date(garage.now).toISOString()),
      dir,
      'invoice',
    );
    for (const expected of [
      'TAX INVOICE',
      'Rao Motors Indiranagar',
      'Rao Motors Private Limited',
      '12 CMH Road, Indiranagar, Bengaluru 560038',
      `GSTIN: ${WORKSHOP_GSTIN}`,
      'Invoice no.',
      'BLR1A/2627/00001',
      '20 Nov 2026',
      'Bill to',
      'Asha Rao',
      'Jayanagar 4th Block, Bengaluru',
      'Place of supply',
      'Karnataka (29)',
      'Reverse charge',
      'KA 01 AB 1234',
      '8708',
      '9987',
      'Brake pads',
      'Authorised signatory',
      'Scan to pay ₹2,954.18 by UPI',
    ]) {
      expect(text, expected).toContain(expected);
    }
    // Lines: 2 × 1,250.50 = 2,501.00 taxable; 1.5 h × 600.00 − 50.00 = 850.00 taxable.
    // Each line carries its CGST and SGST (9 % each, rounded per line): 225.09 + 225.09 and 76.50 + 76.50.
    expect(text).toMatch(/Brake pads.*8708\s+2\s+1,250.50\s+0.00\s+2,501.00\s+CGST 9%\s+225.09\s+2,951.18/);
    expect(text).toMatch(/Brake service\s+9987\s+1.5\s+600.00\s+50.00\s+850.00\s+CGST 9%\s+76.50\s+1,003.00/);
    expect(text).toMatch(/SGST 9%\s+225.09/);
    // Tax by rate: CGST 9 % and SGST 9 % on 3,351.00 (225.09 + 76.50 each).
    expect(text).toMatch(/CGST\s+9%\s+3,351.00\s+301.59/);
    expect(text).toMatch(/SGST\s+9%\s+3,351.00\s+301.59/);
    expect(text).toMatch(/Taxable value\s+3,351.00/);
    expect(text).toMatch(/Total\s+₹3,954.18/);
    expect(text).toMatch(/Paid\s+1,000.00/);
    expect(text).toMatch(/Balance due\s+₹2,954.18/);
    expect(text).not.toContain('IGST');
    expect(text).not.toContain('do not print');
  });

  it('prints IGST for a customer registered in another state, and the UPI link pays the balance', async () => {
    const { jobId } = garage.job({
      status: 'ready',
      invoice: true,
      customer: 'Pune Fleet Services',
      gstin: '27AAPFU0939F1ZV',
    });
    const store = garage.replica.store();
    const invoice = garage.replica.store().find('invoices', { job_id: jobId })[0];
    if (!invoice) throw new Error('no invoice');
    const doc = loadInvoiceDocument(store, invoice.id);
    expect(doc.upiUri).toBe(
      'upi://pay?pa=raomotors%40okaxis&pn=Rao%20Motors&am=2954.18&cu=INR&tn=Invoice%20BLR1A%2F2627%2F00002&tr=BLR1A%2F2627%2F00002',
    );
    const text = pdfText(await invoicePdf(store, invoice.id), dir, 'igst');
    expect(text).toContain('GSTIN: 27AAPFU0939F1ZV');
    expect(text).toContain('Maharashtra (27)');
    expect(text).toMatch(/IGST\s+18%\s+3,351.00\s+603.18/);
    expect(text).not.toMatch(/CGST\s+9%/);
  });

  it('prints a credit note that references the invoice it reverses', async () => {
    const { jobId } = garage.job({ status: 'delivered', invoice: true, customer: 'Kiran Iyer' });
    const store = garage.replica.store();
    const invoice = store.find('invoices', { job_id: jobId })[0];
    const credit = garage.mutate(garage.manager, 'invoice.creditNote', {
      invoiceId: invoice?.id,
      reason: 'wrong registration number',
    });
    const { pdf, number } = await creditNotePdf(store, String(credit.creditNoteId));
    expect(number).toBe('BLR1A/2627/C0001');
    const text = pdfText(pdf, dir, 'credit');
    expect(pdfText(await invoicePdf(store, String(credit.creditNoteId)), dir, 'credit-by-id')).toBe(text);
    // Rule 53(1A): nature, number, date, supplier and recipient, the invoice corrected, tax credited.
    for (const expected of [
      'CREDIT NOTE',
      `GSTIN: ${WORKSHOP_GSTIN}`,
      'Kiran Iyer',
      'Karnataka (29)',
      'Authorised signatory',
    ]) {
      expect(text, expected).toContain(expected);
    }
    expect(text).toMatch(/Credit note no\.\s+BLR1A\/2627\/C0001/);
    expect(text).toMatch(/Date of issue\s+20 Nov 2026/);
    expect(text).toMatch(/Invoice no\.\s+BLR1A\/2627\/00003/);
    expect(text).toMatch(/Invoice date\s+20 Nov 2026/);
    expect(text).toMatch(/Reason\s+wrong registration number/);
    expect(text).toMatch(/CGST\s+9%\s+3,351.00\s+301.59/);
    expect(text).toMatch(/SGST 9% credited\s+301.59/);
    expect(text).toMatch(/Taxable value credited\s+3,351.00/);
    expect(text).toMatch(/Total tax credited\s+603.18/);
    expect(text).toMatch(/Total credited\s+₹3,954.18/);
    expect(text).not.toMatch(/Balance due|Scan to pay|TAX INVOICE/);
    if (!invoice) throw new Error('no invoice');
    await expect(creditNotePdf(store, invoice.id)).rejects.toThrow(/no credit note/);
    await expect(jobDocumentPdf(store, 'invoice', jobId, new Date(garage.now).toISOString())).rejects.toThrow(
      /no invoice yet/,
    );
  });

  it('prints the job card with the intake, the concern in the customer’s words and the draft lines', async () => {
    const { jobId, number } = garage.job({ status: 'in_progress', customer: 'Meera Nair' });
    const sheet = loadJobSheet(garage.replica.store(), jobId);
    expect(sheet.balance).toMatchObject({
      valueMinor: 395_418,
      unconfirmedMinor: 100_000,
      confirmedMinor: 0,
      balanceDueMinor: 395_418,
      outstandingMinor: 295_418,
    });
    const text = pdfText(
      await jobDocumentPdf(garage.replica.store(), 'job-card', jobId, '2026-11-20T06:00:00.000Z'),
      dir,
      'job-card',
    );
    for (const expected of [
      'JOB CARD',
      number,
      'Meera Nair',
      '+919812345678',
      'KA 01 AB 1234 Maruti Swift 2019',
      '1M8GDM9AXKP042788',
      '48210 km',
      '3/8',
      'K-17',
      '₹4,500.00',
      '₹1,000.00',
      'Ramu',
      "Customer's concern",
      'Brakes squeal when cold; AC weak',
      'Total (draft, before invoice)',
      '₹3,954.18',
      'Customer signature',
    ]) {
      expect(text, expected).toContain(expected);
    }
    expect(text).not.toContain('do not print');
  });

  it('prints a Swiss invoice with the UID/MWST number, each VAT rate and its amount, and no UPI code', async () => {
    const swiss = createGarageReplica('CH');
    try {
      const { jobId } = swiss.job({
        status: 'delivered',
        invoice: true,
        customer: 'Anna Meier',
        phone: '079 123 45 67',
      });
      const text = pdfText(
        await jobDocumentPdf(swiss.replica.store(), 'invoice', jobId, new Date(swiss.now).toISOString()),
        dir,
        'swiss',
      );
      for (const expected of [
        'INVOICE',
        'Rechnung',
        'Garage Müller Zürich',
        `UID / MWST-Nr.: ${SWISS_VAT_NUMBER}`,
        'BLR1A/2026/00001',
        'Anna Meier',
        '+41791234567',
      ]) {
        expect(text, expected).toContain(expected);
      }
      // 2 × 1,250.50 + 850.00 = 3,351.00 at 8.1 %: 202.58 + 68.85 = 271.43 (per line, half-up).
      expect(text).toMatch(/VAT\s+8.1%\s+3’351.00\s+271.43/);
      expect(text).toMatch(/Total\s+CHF 3’622.43/);
      expect(text).not.toContain('Place of supply');
      expect(text).not.toContain('UPI');
      const invoice = swiss.replica.store().find('invoices', { job_id: jobId })[0];
      const credit = swiss.mutate(swiss.manager, 'invoice.creditNote', { invoiceId: invoice?.id, reason: 'Kulanz' });
      const note = pdfText((await creditNotePdf(swiss.replica.store(), String(credit.creditNoteId))).pdf, dir, 'ch-cn');
      expect(note).toContain('Gutschrift / Rechnungskorrektur');
      expect(note).toContain(`UID / MWST-Nr.: ${SWISS_VAT_NUMBER}`);
      expect(note).toMatch(/Invoice no\.\s+BLR1A\/2026\/00001/);
      expect(note).toMatch(/VAT\s+8.1%\s+3’351.00\s+271.43/);
      expect(note).toMatch(/Total credited\s+CHF 3’622.43/);
      expect(note).not.toContain('Reverse charge');
    } finally {
      swiss.close();
    }
  });

  it('renders pages poppler can rasterise', async () => {
    const { jobId } = garage.job({ status: 'delivered', invoice: true, customer: 'Divya Menon' });
    const file = join(dir, 'render.pdf');
    writeFileSync(
      file,
      await jobDocumentPdf(garage.replica.store(), 'invoice', jobId, new Date(garage.now).toISOString()),
    );
    execFileSync('pdftoppm', ['-png', '-r', '60', '-f', '1', '-l', '1', file, join(dir, 'page')]);
    const info = execFileSync('pdfinfo', [file], { encoding: 'utf8' });
    expect(info).toMatch(/Pages:\s+1/);
    expect(info).toMatch(/Page size:\s+595.28 x 841.89 pts \(A4\)/);
  });
});
