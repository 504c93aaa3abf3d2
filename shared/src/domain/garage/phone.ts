import { DomainError } from '../../errors.ts';
import type { TaxCountry } from './tax-rates.ts';

const E164 = /^\+[1-9][0-9]{6,14}$/;
const COUNTRY_CODE: Readonly<Record<TaxCountry, string>> = { IN: '+91', CH: '+41' };

/**
 * A phone number in E.164 (+919812345678). Spaces, dashes and brackets are dropped; a national
 * number (98123 45678 in India, 079 123 45 67 in Switzerland) gets the garage's country code.
 */
export function normalisePhone(value: string, country: TaxCountry): string {
  let phone = value.replace(/[\s\-().]/g, '');
  if (phone.startsWith('00')) phone = `+${phone.slice(2)}`;
  if (!phone.startsWith('+')) {
    const national = phone.replace(/^0/, '');
    phone = `${COUNTRY_CODE[country]}${national}`;
  }
  if (!E164.test(phone))
    throw new DomainError('invalid', `${value.trim()} is not a phone number (e.g. +91 98123 45678)`);
  if (phone.startsWith('+91') && !/^\+91[1-9][0-9]{9}$/.test(phone)) {
    throw new DomainError('invalid', `${value.trim()} is not an Indian phone number (10 digits after +91)`);
  }
  return phone;
}
