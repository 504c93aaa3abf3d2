import { describe, expect, it } from 'vitest';
import { mutationSummary, mutationTitle } from './describe.ts';

describe('words for queued and refused garage changes', () => {
  it('names the payment, line and invoice mutations as a person would', () => {
    expect(mutationTitle('payment.confirm', null)).toBe('Payment confirmed');
    expect(mutationTitle('jobLine.add', 'Job BLR1A-00001')).toBe('Job BLR1A-00001 line added');
    expect(mutationTitle('invoice.finalise', 'Job BLR1A-00001')).toBe('Job BLR1A-00001 invoice finalised');
    expect(mutationSummary('jobLine.add', { jobId: 'j', kind: 'part', description: 'Front brake pads' })).toBe(
      'Front brake pads',
    );
    expect(mutationSummary('invoice.creditNote', { invoiceId: 'i', reason: 'Wrong customer' })).toBe(
      '“Wrong customer”',
    );
    expect(mutationSummary('payment.confirm', { paymentId: 'p' })).toBe('');
  });
});
