import Type from 'typebox';
import { DomainError } from '../../errors.ts';
import { defineMutation, get, OWNER_ONLY, update } from '../../mutations/types.ts';
import { Id, OptionalText, presentFields, requireFound } from '../common.ts';
import { normalisePhone } from '../garage/phone.ts';
import { tenantCountry } from '../garage/rows.ts';
import { normaliseTaxId } from '../garage/workshop.ts';
import { normaliseSiteIban } from './iban.ts';

export const siteUpdate = defineMutation({
  name: 'site.update',
  description:
    'Change a workshop’s name, address, phone, tax id or IBAN (owners only); tax id, phone and IBAN are checked',
  roles: OWNER_ONLY,
  input: Type.Object(
    {
      siteId: Id,
      name: Type.Optional(Type.String({ minLength: 1, maxLength: 120 })),
      address: OptionalText(500),
      phone: OptionalText(20),
      taxId: OptionalText(40),
      /** The QR-bill account: a CH/LI IBAN or QR-IBAN, spaces allowed; null clears it. */
      iban: OptionalText(42),
    },
    { additionalProperties: false },
  ),
  load: (input, ctx) => ({ site: get('sites', input.siteId), tenant: get('tenants', ctx.tenantId) }),
  decide(input, state) {
    const site = requireFound(state.site, 'site');
    const set = presentFields(input, { name: 'name', address: 'address' });
    // The same checks as the server's site creation: a GSTIN or Swiss UID with its check digit.
    if (input.taxId !== undefined)
      set.tax_id = input.taxId?.trim() ? normaliseTaxId(tenantCountry(state.tenant), input.taxId) : null;
    if (input.phone !== undefined)
      set.phone = input.phone?.trim() ? normalisePhone(input.phone, tenantCountry(state.tenant)) : null;
    if (input.iban !== undefined) set.iban = input.iban?.trim() ? normaliseSiteIban(input.iban) : null;
    if (Object.keys(set).length === 0) throw new DomainError('invalid', 'site.update: nothing to change');
    return { changes: [update('sites', site.id, set)] };
  },
});
