import { writeFile } from 'node:fs/promises';
import { DomainError, isJobStatus } from '@forecourt/shared';
import type { AnalyticsFilters } from '../analytics/filters.ts';
import { EXPORT_KINDS, exportWorkbook, type ExportKind } from '../exports/index.ts';
import { optionalOption, requiredOption, requiredPositional, type ParsedArgs } from './args.ts';
import type { CliIo } from './commands.ts';
import { openReplicaReader, siteTimeZone } from './garage-replica.ts';

/**
 * `forecourt-device export jobs|payments|settlements --out FILE.xlsx [--from DAY] [--to DAY]
 * [--site ID] [--status STATUS] [--manager USER_ID] [--tz ZONE]`: the dashboard's filters, days
 * as YYYY-MM-DD in the workshop's zone (its site's, unless --tz says otherwise).
 */
function isKind(value: string): value is ExportKind {
  return (EXPORT_KINDS as readonly string[]).includes(value);
}

function filtersOf(args: ParsedArgs, timeZone: string | undefined): AnalyticsFilters {
  const status = optionalOption(args, 'status');
  if (status !== undefined && !isJobStatus(status)) throw new DomainError('invalid', `unknown job status ${status}`);
  return {
    siteId: optionalOption(args, 'site') ?? null,
    from: optionalOption(args, 'from') ?? null,
    to: optionalOption(args, 'to') ?? null,
    status: status ?? null,
    managerId: optionalOption(args, 'manager') ?? null,
    ...(timeZone ? { timeZone } : {}),
  };
}

export async function exportCommand(
  args: ParsedArgs,
  io: CliIo,
): Promise<{ out: string; rows: number; bytes: number }> {
  const kind = requiredPositional(args, 0, 'what to export (jobs, payments or settlements)');
  if (!isKind(kind)) throw new DomainError('invalid', `unknown export ${kind}; use ${EXPORT_KINDS.join(', ')}`);
  const out = requiredOption(args, 'out');
  const reader = openReplicaReader(args, io.env, io.logger);
  try {
    const zone = optionalOption(args, 'tz') ?? siteTimeZone(reader, optionalOption(args, 'site') ?? null);
    const result = exportWorkbook(reader.replica.db, reader.tenantId, kind, filtersOf(args, zone));
    await writeFile(out, result.xlsx);
    return { out, rows: result.rows, bytes: result.xlsx.length };
  } finally {
    reader.close();
  }
}
