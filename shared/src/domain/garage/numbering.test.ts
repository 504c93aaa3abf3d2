import { describe, expect, it } from 'vitest';
import { fiscalYear, formatDocumentNumber, localDate, numberPrefix, seriesKey } from './numbering.ts';

describe('fiscal years', () => {
  it('starts on 1 April in India', () => {
    expect(fiscalYear('IN', '2027-03-31').label).toBe('2627');
    expect(fiscalYear('IN', '2026-04-01').label).toBe('2627');
    expect(fiscalYear('IN', '2026-03-31').label).toBe('2526');
    expect(fiscalYear('IN', '2099-12-31').label).toBe('9900');
  });

  it('starts on 1 January in Switzerland', () => {
    expect(fiscalYear('CH', '2026-12-31').label).toBe('2026');
    expect(fiscalYear('CH', '2027-01-01').label).toBe('2027');
  });

  it('judges the date in the workshop’s time zone', () => {
    // 31 March 20:00 UTC is already 1 April in India: the new fiscal year.
    expect(localDate('2027-03-31T20:00:00.000Z', 'Asia/Kolkata')).toBe('2027-04-01');
    expect(fiscalYear('IN', localDate('2027-03-31T20:00:00.000Z', 'Asia/Kolkata')).label).toBe('2728');
    expect(localDate('2026-12-31T23:30:00.000Z', 'Europe/Zurich')).toBe('2027-01-01');
  });
});

describe('document numbers', () => {
  const fy = fiscalYear('IN', '2026-11-22');

  it('formats BLR1A/2627/00042 in at most 16 characters', () => {
    expect(formatDocumentNumber('invoice', 'BLR1A', fy, 42)).toBe('BLR1A/2627/00042');
    expect(formatDocumentNumber('credit_note', 'BLR1A', fy, 7)).toBe('BLR1A/2627/C0007');
    expect(seriesKey('invoice', 'BLR1A', fy)).toBe('inv:BLR1A:2627');
    expect(seriesKey('credit_note', 'BLR1A', fy)).toBe('cn:BLR1A:2627');
  });

  it('uses shorter forms for long device codes and never exceeds 16 characters', () => {
    expect(numberPrefix('invoice', 'BLR1AB', fy)).toBe('BLR1AB/2627/');
    expect(numberPrefix('invoice', 'KORAMA1A', fy)).toBe('KORAMA1A2627');
    expect(numberPrefix('invoice', 'KORAMAN1AB', fy)).toBe('KORAMAN1AB26');
    for (const code of ['HQA', 'BLR1A', 'BLR1AB', 'KORAMA1A', 'KORAMAN1AB']) {
      expect(formatDocumentNumber('invoice', code, fy, 9999).length).toBeLessThanOrEqual(16);
      expect(formatDocumentNumber('credit_note', code, fy, 999).length).toBeLessThanOrEqual(16);
    }
  });

  it('refuses a number that no longer fits and a device code too long for any form', () => {
    expect(() => formatDocumentNumber('invoice', 'BLR1A', fy, 100_000)).toThrow(/series .* is full/);
    expect(() => formatDocumentNumber('invoice', 'ABCDEFGHIJK', fy, 1)).toThrow(/too long/);
    expect(() => formatDocumentNumber('invoice', 'BLR1A', fy, 0)).toThrow();
  });
});
