import Type from 'typebox';
import { DomainError } from '../../errors.ts';
import { defineMutation, get, MANAGE_ROLES, update, type Change } from '../../mutations/types.ts';
import { isTableName } from '../../schema/tables.ts';
import { Id, requireFound } from '../common.ts';

/** Conflict values are stored wrapped as `{ value }` so that null and scalars fit a JSON column. */
export function unwrapConflictValue(stored: unknown): unknown {
  if (stored && typeof stored === 'object' && 'value' in stored) return (stored as { value: unknown }).value;
  return null;
}

/**
 * A conflict record keeps the value that lost a same-field race (DESIGN §4.5). "keep" accepts
 * the current value; "restore" writes the losing value back as a new edit.
 */
export const conflictResolve = defineMutation({
  name: 'conflict.resolve',
  description: 'Keep the current value of a conflicting edit, or restore the value that lost',
  roles: MANAGE_ROLES,
  input: Type.Object(
    {
      conflictId: Id,
      // The row the conflict is about, so that it can be loaded with the conflict; checked below.
      table: Type.String({ maxLength: 40 }),
      rowId: Id,
      action: Type.Union([Type.Literal('keep'), Type.Literal('restore')]),
    },
    { additionalProperties: false },
  ),
  load: (input) => ({
    conflict: get('conflicts', input.conflictId),
    target: isTableName(input.table) ? get(input.table, input.rowId) : get('conflicts', null),
  }),
  decide(input, state, ctx) {
    const conflict = requireFound(state.conflict, 'conflict');
    if (conflict.table_name !== input.table || conflict.row_id !== input.rowId) {
      throw new DomainError('invalid', 'the conflict is about another row');
    }
    if (conflict.resolved_at) throw new DomainError('conflict', 'this conflict was already resolved');
    const changes: Change[] = [
      update('conflicts', conflict.id, {
        resolution: input.action,
        resolved_by: ctx.actor.userId,
        resolved_at: ctx.now,
      }),
    ];
    if (input.action === 'restore') {
      const target = requireFound(state.target, String(conflict.table_name));
      if (!isTableName(conflict.table_name)) throw new DomainError('invalid', 'unknown table');
      changes.push(
        update(conflict.table_name, target.id, {
          [String(conflict.field)]: unwrapConflictValue(conflict.losing_value),
        }),
      );
    }
    return { changes };
  },
});
