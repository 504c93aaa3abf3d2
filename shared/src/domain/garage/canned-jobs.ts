import Type from 'typebox';
import { defineMutation, get, insert, MANAGE_ROLES, update } from '../../mutations/types.ts';
import { Id, OptionalText, requireFound } from '../common.ts';
import { LineInputSchema } from './line-rules.ts';

/**
 * Canned jobs: saved line sets ("periodic service, petrol") shared by every site of the garage.
 * Their lines are checked again when added to a job, against the tax rates in force that day.
 */
export const cannedJobSave = defineMutation({
  name: 'cannedJob.save',
  description: 'Create or change a canned job (a saved set of lines)',
  roles: MANAGE_ROLES,
  input: Type.Object(
    {
      cannedJobId: Type.Optional(Id),
      name: Type.String({ minLength: 1, maxLength: 120 }),
      description: OptionalText(1000),
      lines: Type.Array(LineInputSchema, { minItems: 1, maxItems: 100 }),
    },
    { additionalProperties: false },
  ),
  load: (input) => ({ existing: get('canned_jobs', input.cannedJobId) }),
  decide(input, state, ctx) {
    const values = { name: input.name.trim(), description: input.description?.trim() || null, lines: input.lines };
    if (input.cannedJobId) {
      const existing = requireFound(state.existing, 'canned job');
      return { changes: [update('canned_jobs', existing.id, values)], result: { cannedJobId: existing.id } };
    }
    const id = ctx.newId();
    return { changes: [insert('canned_jobs', { id, ...values, active: true })], result: { cannedJobId: id } };
  },
});

export const cannedJobRetire = defineMutation({
  name: 'cannedJob.retire',
  description: 'Retire a canned job: it is no longer offered (jobs that used it keep their lines)',
  roles: MANAGE_ROLES,
  input: Type.Object({ cannedJobId: Id }, { additionalProperties: false }),
  load: (input) => ({ existing: get('canned_jobs', input.cannedJobId) }),
  decide(_input, state) {
    const existing = requireFound(state.existing, 'canned job');
    return { changes: existing.active === true ? [update('canned_jobs', existing.id, { active: false })] : [] };
  },
});
