import { describe, expect, it } from 'vitest';
import { DomainError } from '../../errors.ts';
import { gstinCheckCharacter, gstinProblem, gstinStateCode, isValidGstin } from './gstin.ts';
import { normalisePhone } from './phone.ts';
import { parseSwissUid, swissUidCheckDigit } from './swiss-uid.ts';
import { vinCheckCharacter, vinWarning } from './vin.ts';

describe('GSTIN (mod-36 check character)', () => {
  it('accepts a known valid GSTIN', () => {
    expect(isValidGstin('27AAPFU0939F1ZV')).toBe(true);
    expect(gstinStateCode('27AAPFU0939F1ZV')).toBe('27');
  });

  it('computes check characters for GSTINs built with the algorithm, in any state', () => {
    // Built by hand from a state code, a PAN-shaped middle, entity number and Z.
    expect(gstinCheckCharacter('29ABCDE1234F1Z')).toBe('W');
    expect(gstinCheckCharacter('33AAACR4849R1Z')).toBe('S');
    expect(isValidGstin('29ABCDE1234F1ZW')).toBe(true);
    expect(isValidGstin('29abcde1234f1zw')).toBe(true);
  });

  it('names what is wrong: a typing slip in any position changes the check character', () => {
    expect(gstinProblem('27AAPFU0939F1ZX')).toBe('check-character');
    expect(gstinProblem('27AAPFU0938F1ZV')).toBe('check-character');
    expect(gstinProblem('27AAPFU0939F1Z')).toBe('format');
    expect(gstinProblem('99AAPFU0939F1ZV')).toBe('state');
  });

  it('catches every single-character substitution of a valid GSTIN', () => {
    const valid = '27AAPFU0939F1ZV';
    const alphabet = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ';
    for (let position = 0; position < 14; position += 1) {
      for (const char of alphabet) {
        if (char === valid.charAt(position)) continue;
        const typo = valid.slice(0, position) + char + valid.slice(position + 1);
        expect(isValidGstin(typo), typo).toBe(false);
      }
    }
  });
});

describe('Swiss UID / VAT number (mod-11)', () => {
  it('accepts valid numbers in their usual spellings', () => {
    expect(parseSwissUid('CHE-116.281.710 MWST')).toEqual({ uid: 'CHE-116.281.710', vatSuffix: 'MWST' });
    expect(parseSwissUid('che116281710')).toEqual({ uid: 'CHE-116.281.710', vatSuffix: null });
    expect(parseSwissUid('CHE-109.034.974 TVA')?.uid).toBe('CHE-109.034.974');
  });

  it('refuses a wrong check digit and a base whose check would be 10', () => {
    expect(parseSwissUid('CHE-116.281.711')).toBeNull();
    expect(swissUidCheckDigit('11628171')).toBe(0);
    // 1×5 + 1×5 + 6×4 = 34; 34 mod 11 = 1 → 11 − 1 = 10: never issued.
    expect(swissUidCheckDigit('10000016')).toBe(null);
  });
});

describe('VIN check digit is a warning', () => {
  it('passes a valid VIN', () => {
    expect(vinCheckCharacter('1M8GDM9AXKP042788')).toBe('X');
    expect(vinWarning('1M8GDM9AXKP042788')).toBeNull();
  });

  it('warns about a failed check digit, a short chassis number and I/O/Q', () => {
    expect(vinWarning('MA3EWDE1S00123456')).toMatch(/check digit is S, expected 6/);
    expect(vinWarning('MA3FJEB1S00')).toMatch(/11 characters/);
    expect(vinWarning('1M8GDM9AXKP04278O')).toMatch(/I, O or Q/);
  });
});

describe('phone numbers in E.164', () => {
  it('normalises national and spaced numbers', () => {
    expect(normalisePhone('98123 45678', 'IN')).toBe('+919812345678');
    expect(normalisePhone('+91-98123-45678', 'IN')).toBe('+919812345678');
    expect(normalisePhone('079 123 45 67', 'CH')).toBe('+41791234567');
    expect(normalisePhone('0041 79 123 45 67', 'IN')).toBe('+41791234567');
  });

  it('refuses what is not a number', () => {
    expect(() => normalisePhone('call me', 'IN')).toThrow(DomainError);
    expect(() => normalisePhone('+91 12345', 'IN')).toThrow(/not an Indian phone number|not a phone number/);
  });
});
