import { describe, expect, it } from 'vitest';
import type { Row } from '@forecourt/shared/schema/tables';
import {
  draftOfLine,
  emptyLineDraft,
  lineAddInput,
  lineUpdateInput,
  parseQuantity,
  quantityText,
} from './line-draft.ts';

describe('line drafts', () => {
  it('parses quantities to thousandths without a float and prints them back', () => {
    expect(parseQuantity('1.5')).toBe(1500);
    expect(parseQuantity('0.001')).toBe(1);
    expect(parseQuantity('2')).toBe(2000);
    expect(parseQuantity('1,000.25')).toBe(1_000_250);
    expect(() => parseQuantity('0')).toThrow(/more than 0/);
    expect(() => parseQuantity('1.2345')).toThrow(/3 digits/);
    expect(() => parseQuantity('two')).toThrow(/quantity like/);
    expect(quantityText(1500)).toBe('1.5');
    expect(quantityText(2000)).toBe('2');
    expect(quantityText(250)).toBe('0.25');
  });

  it('turns a labour draft into jobLine.add input with the named technician', () => {
    const draft = { ...emptyLineDraft('labour', 1800), description: ' Brake service ', quantity: '1.5' };
    const input = lineAddInput({ ...draft, unitPrice: '800', technicianId: 'u1' }, 'INR', 'Ravi Kumar');
    expect(input).toEqual({
      kind: 'labour',
      pricing: 'hourly',
      description: 'Brake service',
      partNumber: null,
      hsnSac: null,
      quantityMilli: 1500,
      unitPriceMinor: 80_000,
      discountMinor: 0,
      taxRateBp: 1800,
      technicianId: 'u1',
      technicianName: 'Ravi Kumar',
    });
    expect(
      lineAddInput({ ...draft, pricing: 'flat', quantity: 'x', unitPrice: '500' }, 'INR', null).quantityMilli,
    ).toBe(1000);
    expect(() => lineAddInput({ ...draft, unitPrice: '' }, 'INR', null)).toThrow(/rate per hour/);
    expect(() => lineAddInput({ ...draft, unitPrice: '1', hsnSac: '12' }, 'INR', null)).toThrow(/HSN/);
  });

  it('sends only the changed fields of a part line, and none when nothing changed', () => {
    const row: Row = {
      id: 'l1',
      tenant_id: 't',
      kind: 'part',
      pricing: 'unit',
      description: 'Brake pads',
      part_number: 'BP-1',
      hsn_sac: '8708',
      quantity_milli: 2000,
      unit_price_minor: 45_000,
      discount_minor: 5000,
      tax_rate_bp: 1800,
      technician_id: null,
    };
    const before = draftOfLine(row, 'INR');
    expect(before).toMatchObject({ quantity: '2', unitPrice: '450', discount: '50', taxRateBp: '1800' });
    expect(lineUpdateInput(before, before, 'INR', null)).toEqual({});
    expect(lineUpdateInput(before, { ...before, quantity: '4', taxRateBp: '500' }, 'INR', null)).toEqual({
      quantityMilli: 4000,
      taxRateBp: 500,
    });
  });
});
