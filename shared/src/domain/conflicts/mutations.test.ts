import { describe, expect, it } from 'vitest';
import { planDecision, testContext, testId, testRow } from '../../mutations/test-context.ts';
import type { Row } from '../../schema/tables.ts';
import { conflictResolve } from './mutations.ts';

const MANAGER = testId(900_023);
const customer = testRow('customers', { id: testId(1), name: 'Asha R.', phone: '+41791234567' });

function conflictRow(extra: Record<string, unknown> = {}): Row {
  return testRow('conflicts', {
    id: testId(40),
    table_name: 'customers',
    row_id: customer.id,
    field: 'name',
    // Stored wrapped so that null and scalars fit the JSON column.
    losing_value: { value: 'Asha Rao' },
    losing_hlc: '001795338000000-00001-counter1',
    winning_value: { value: 'Asha R.' },
    winning_hlc: '001795338000500-00000-counter2',
    ...extra,
  });
}

const manager = () => testContext({ role: 'manager', userId: MANAGER });
const input = (action: 'keep' | 'restore') => ({
  conflictId: testId(40),
  table: 'customers',
  rowId: customer.id,
  action,
});

describe('conflict.resolve', () => {
  it('loads the conflict and the row it is about, and nothing for an unknown table', () => {
    expect(conflictResolve.load(input('keep'), manager())).toEqual({
      conflict: { kind: 'get', table: 'conflicts', id: testId(40) },
      target: { kind: 'get', table: 'customers', id: customer.id },
    });
    expect(conflictResolve.load({ ...input('keep'), table: 'nonsense' }, manager()).target).toEqual({
      kind: 'get',
      table: 'conflicts',
      id: null,
    });
  });

  it('keep: marks the conflict resolved by the actor and leaves the row alone', () => {
    const ctx = manager();
    const conflict = conflictRow();
    const decision = conflictResolve.decide(input('keep'), { conflict, target: customer }, ctx);
    expect(decision.changes).toEqual([
      {
        op: 'update',
        table: 'conflicts',
        id: conflict.id,
        set: { resolution: 'keep', resolved_by: MANAGER, resolved_at: ctx.now },
      },
    ]);
    expect(planDecision(decision, [conflict, customer], ctx)).toHaveLength(1);
  });

  it('restore: writes the losing value back into the field as a new edit', () => {
    const ctx = manager();
    const conflict = conflictRow();
    const decision = conflictResolve.decide(input('restore'), { conflict, target: customer }, ctx);
    expect(decision.changes[1]).toEqual({
      op: 'update',
      table: 'customers',
      id: customer.id,
      set: { name: 'Asha Rao' },
    });
    const [resolved, restored] = planDecision(decision, [conflict, customer], ctx);
    expect(resolved?.after).toMatchObject({ resolution: 'restore', resolved_by: MANAGER });
    expect(restored?.after).toMatchObject({ name: 'Asha Rao', phone: '+41791234567', updated_at: ctx.now });
  });

  it('restore: brings back a value that lost as null', () => {
    const conflict = conflictRow({
      field: 'phone',
      losing_value: { value: null },
      winning_value: { value: '+41791234567' },
    });
    const decision = conflictResolve.decide(input('restore'), { conflict, target: customer }, manager());
    expect(decision.changes[1]).toEqual({
      op: 'update',
      table: 'customers',
      id: customer.id,
      set: { phone: null },
    });
  });

  it('refuses a conflict already resolved, about another row, or not there', () => {
    const target = { conflict: conflictRow(), target: customer };
    const resolved = {
      ...target,
      conflict: conflictRow({ resolved_at: '2026-11-21T10:00:00.000Z', resolution: 'keep' }),
    };
    expect(() => conflictResolve.decide(input('restore'), resolved, manager())).toThrow(
      expect.objectContaining({ code: 'conflict', message: 'this conflict was already resolved' }),
    );
    expect(() => conflictResolve.decide({ ...input('keep'), rowId: testId(2) }, target, manager())).toThrow(
      expect.objectContaining({ code: 'invalid', message: 'the conflict is about another row' }),
    );
    expect(() => conflictResolve.decide(input('keep'), { ...target, conflict: null }, manager())).toThrow(
      expect.objectContaining({ code: 'not-found' }),
    );
  });

  it('restore refuses when the row has gone, keep does not need it', () => {
    const state = { conflict: conflictRow(), target: null };
    expect(() => conflictResolve.decide(input('restore'), state, manager())).toThrow(
      expect.objectContaining({ code: 'not-found', message: 'customers not found' }),
    );
    expect(conflictResolve.decide(input('keep'), state, manager()).changes).toHaveLength(1);
  });
});
