import { MUTATIONS } from '@forecourt/shared/mutations/registry';
import { describe, expect, it } from 'vitest';
import { mutationSummary, mutationTitle } from './describe.ts';
import { MUTATION_WORDS } from './mutation-words.ts';

describe('words for queued and refused changes', () => {
  it('has a title for every registered mutation, and none for a mutation that no longer exists', () => {
    const registered = [...MUTATIONS.keys()];
    expect(registered.length).toBeGreaterThan(40);
    expect(registered.filter((name) => !MUTATION_WORDS[name])).toEqual([]);
    expect(Object.keys(MUTATION_WORDS).filter((name) => !MUTATIONS.has(name))).toEqual([]);
    for (const name of registered) expect(mutationTitle(name, null), name).not.toContain('.');
  });

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

  it('says what a settlement, a reservation and a rental contract are, not their field names', () => {
    const rupees = (minor: number) => `₹${(minor / 100).toFixed(2)}`;
    expect(mutationTitle('settlement.create', null)).toBe('Cash handed over (settlement)');
    expect(mutationSummary('settlement.create', { paymentIds: ['a', 'b', 'c'], amountMinor: 450_000 }, rupees)).toBe(
      '3 payments, ₹4500.00',
    );
    expect(mutationTitle('rental.reservationCreate', null)).toBe('Reservation');
    expect(
      mutationSummary('rental.reservationCreate', {
        customerId: 'c',
        startsAt: '2026-12-04T08:00:00Z',
        endsAt: '2026-12-07T08:00:00Z',
      }),
    ).toBe('2026-12-04 → 2026-12-07');
    expect(mutationTitle('rental.contractOpen', null)).toBe('Rental contract opened');
    expect(
      mutationSummary('payment.record', { jobId: 'j', kind: 'advance', method: 'upi', amountMinor: 100_000 }, rupees),
    ).toBe('₹1000.00 (advance, upi)');
    // An edit lists the fields it changes; other changes never fall back to raw field names.
    expect(mutationSummary('customer.update', { customerId: 'c', phone: '+91', email: 'a@b.in' })).toBe('Phone, Email');
    expect(mutationSummary('rental.contractClose', { contractId: 'k', cash: true })).toBe('');
    expect(mutationTitle('someone.elses', null)).toBe('someone.elses');
  });
});
