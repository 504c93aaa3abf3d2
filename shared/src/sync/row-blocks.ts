import { DomainError } from '../errors.ts';
import type { RowBlock, RowChange } from './protocol.ts';

/** A block's rows as ordinary puts (a row without a string id is refused, like a put without a row). */
export function blockChanges(blocks: readonly RowBlock[] | undefined): RowChange[] {
  const changes: RowChange[] = [];
  for (const block of blocks ?? []) {
    const idAt = block.columns.indexOf('id');
    for (const values of block.rows) {
      const row: Record<string, unknown> = {};
      block.columns.forEach((column, index) => {
        row[column] = values[index] ?? null;
      });
      const id = idAt >= 0 ? values[idAt] : undefined;
      if (typeof id !== 'string') throw new DomainError('invalid', `pull: a row of ${block.table} has no id`);
      changes.push({ table: block.table, op: 'put', id, row });
    }
  }
  return changes;
}
