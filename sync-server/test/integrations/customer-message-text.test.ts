import { describe, expect, it } from 'vitest';
import type { PushedMutation, Row } from '@forecourt/shared';
import { customerMessageId, customerMessageTriggers } from '../../src/integrations/customer-messages/send.ts';
import { jobReadyText, paymentReceiptText } from '../../src/integrations/customer-messages/text.ts';

const india = { workshop: 'Bengaluru', jobNumber: 'BLR1A-0007', registration: 'KA 01 AB 1234', country: 'IN' };
const swiss = { workshop: 'Garage Zürich', jobNumber: 'ZH1A-0042', registration: 'ZH 123456', country: 'CH' };

describe('customer message texts', () => {
  it('names the workshop, the vehicle and the job number', () => {
    expect(jobReadyText(india)).toBe('Bengaluru: your vehicle KA 01 AB 1234 is ready for pickup (job BLR1A-0007).');
    expect(jobReadyText({ ...swiss, registration: null })).toBe(
      'Garage Zürich: your vehicle is ready for collection (job ZH1A-0042).',
    );
  });

  it('writes the amount the way the country reads it: ₹ with Indian grouping, CHF with apostrophes', () => {
    expect(paymentReceiptText(india, 12_345_650, 'INR')).toBe(
      'Bengaluru: we received \u20B91,23,456.50 for job BLR1A-0007. Thank you.',
    );
    expect(paymentReceiptText(swiss, 123_450, 'CHF')).toBe(
      'Garage Zürich: we received CHF 1\u2019234.50 for job ZH1A-0042. Thank you.',
    );
  });
});

const mutation = (name: string): PushedMutation => ({
  id: 1,
  name,
  args: {},
  hlc: '',
  env: { now: '2026-11-22T09:00:00.000Z', ids: [], seqs: {} },
  actorId: 'actor',
  baseVersion: 0,
});
const job = (status: string): Row => ({ id: 'job-1', tenant_id: 't', status, created_at: '2026-11-22T09:00:00.000Z' });
const payment = (status: string, kind = 'partial'): Row => ({
  id: 'pay-1',
  tenant_id: 't',
  job_id: 'job-1',
  status,
  kind,
  created_at: '2026-11-22T10:00:00.000Z',
});

describe('which pushed changes message the customer', () => {
  it('a job set to ready, and a confirmed job payment (confirmed later or recorded by the owner)', () => {
    const triggers = customerMessageTriggers([
      { mutation: mutation('job.setStatus'), rows: [{ table: 'jobs', row: job('ready') }] },
      { mutation: mutation('job.setStatus'), rows: [{ table: 'jobs', row: job('in_progress') }] },
      { mutation: mutation('job.update'), rows: [{ table: 'jobs', row: job('ready') }] },
      { mutation: mutation('payment.confirm'), rows: [{ table: 'payments', row: payment('confirmed') }] },
      { mutation: mutation('payment.record'), rows: [{ table: 'payments', row: payment('unconfirmed') }] },
      { mutation: mutation('payment.record'), rows: [{ table: 'payments', row: payment('confirmed', 'refund') }] },
    ]);
    expect(triggers.map((trigger) => [trigger.purpose, trigger.jobId])).toEqual([
      ['job_ready', 'job-1'],
      ['payment_receipt', 'job-1'],
    ]);
  });

  it('gives one message id per purpose and subject, the same every time', () => {
    const first = customerMessageId('job_ready', job('ready'));
    expect(customerMessageId('job_ready', { ...job('ready'), status: 'ready', updated_at: 'later' })).toBe(first);
    expect(customerMessageId('payment_receipt', job('ready'))).not.toBe(first);
    expect(first).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });
});
