/**
 * Prints CREATE TABLE statements for the replicated tables from the table registry, for one
 * dialect. Used when writing a new migration; the schema tests check the migrations against the
 * registry, so a migration edited by hand cannot drift.
 *   npx tsx scripts/print-ddl.ts sqlite|postgres
 */
import { TABLES, type ColumnKind } from '../shared/src/schema/tables.ts';

const TYPES: Record<'sqlite' | 'postgres', Record<ColumnKind, string>> = {
  sqlite: { id: 'TEXT', text: 'TEXT', time: 'TEXT', int: 'INTEGER', bool: 'INTEGER', json: 'TEXT' },
  postgres: { id: 'text', text: 'text', time: 'text', int: 'bigint', bool: 'boolean', json: 'jsonb' },
};

const dialect = process.argv[2] === 'postgres' ? 'postgres' : 'sqlite';
for (const spec of Object.values(TABLES)) {
  const lines = Object.entries(spec.columns).map(([name, column]) => {
    const key = name === 'id' ? ' PRIMARY KEY' : '';
    // Spelled out for the id too: a SQLite PRIMARY KEY that is not INTEGER accepts NULL without it.
    const nullability = column.nullable ? '' : ' NOT NULL';
    return `  ${name} ${TYPES[dialect][column.kind]}${key}${nullability}`;
  });
  console.log(`CREATE TABLE ${spec.name} (\n${lines.join(',\n')}\n);\n`);
}
