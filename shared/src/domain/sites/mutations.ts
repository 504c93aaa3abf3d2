import Type from 'typebox';
import { DomainError } from '../../errors.ts';
import { defineMutation, get, OWNER_ONLY, update } from '../../mutations/types.ts';
import { Id, OptionalText, presentFields, requireFound } from '../common.ts';

export const siteUpdate = defineMutation({
  name: 'site.update',
  description: 'Change a workshop’s name, address, phone or tax id (owners only)',
  roles: OWNER_ONLY,
  input: Type.Object(
    {
      siteId: Id,
      name: Type.Optional(Type.String({ minLength: 1, maxLength: 120 })),
      address: OptionalText(500),
      phone: OptionalText(20),
      taxId: OptionalText(32),
    },
    { additionalProperties: false },
  ),
  load: (input) => ({ site: get('sites', input.siteId) }),
  decide(input, state) {
    const site = requireFound(state.site, 'site');
    const set = presentFields(input, { name: 'name', address: 'address', phone: 'phone', taxId: 'tax_id' });
    if (Object.keys(set).length === 0) throw new DomainError('invalid', 'site.update: nothing to change');
    return { changes: [update('sites', site.id, set)] };
  },
});
