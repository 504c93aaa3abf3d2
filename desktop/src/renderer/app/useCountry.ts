import { text } from '../lib/format.ts';
import { useRows } from '../lib/use-rows.ts';

/** The tenant's country (IN, CH): phone numbers and tax ids follow it. */
export function useCountry(): string {
  const tenant = useRows('tenants').rows[0];
  return text(tenant?.country) || 'IN';
}
