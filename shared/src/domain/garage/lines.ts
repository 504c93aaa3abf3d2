import Type from 'typebox';
import { Compile } from 'typebox/compile';
import { DomainError } from '../../errors.ts';
import {
  defineMutation,
  find,
  get,
  insert,
  remove,
  update,
  WRITE_ROLES,
  type Change,
  type MutationContext,
} from '../../mutations/types.ts';
import type { Row } from '../../schema/table-spec.ts';
import { Id, OptionalText, requireFound } from '../common.ts';
import {
  LineFields,
  LineInputSchema,
  lineColumns,
  lineFieldsOf,
  type LineContext,
  type LineFieldsInput,
} from './line-rules.ts';
import { int, requireEditableLines, siteFrom, siteLocalDate, tenantCountry, text, timeline } from './rows.ts';

const CannedLinesCheck = Compile(Type.Array(LineInputSchema));

interface LineState {
  job: Row | null;
  tenant: Row | null;
  sites: Row[];
  lines: Row[];
}

const lineReads = (jobId: string, ctx: MutationContext) => ({
  job: get('jobs', jobId),
  tenant: get('tenants', ctx.tenantId),
  sites: find('sites', {}),
  lines: find('job_lines', { job_id: jobId }),
});

function lineContext(state: LineState, ctx: MutationContext): { job: Row; lc: LineContext } {
  const job = requireFound(state.job, 'job');
  requireEditableLines(job);
  const site = siteFrom(state.sites, job.site_id);
  const lc = {
    country: tenantCountry(state.tenant),
    localDate: siteLocalDate(site, ctx.now),
    currency: text(job.currency) ?? 'INR',
  };
  return { job, lc };
}

function nextPosition(lines: readonly Row[]): number {
  return lines.reduce((max, line) => (line.deleted_at ? max : Math.max(max, int(line.position) ?? 0)), 0) + 1;
}

function addLines(
  ctx: MutationContext,
  job: Row,
  lc: LineContext,
  inputs: readonly LineFieldsInput[],
  start: number,
  cannedId: string | null,
): { changes: Change[]; ids: string[] } {
  const ids: string[] = [];
  const changes: Change[] = inputs.map((input, index) => {
    const id = ctx.newId();
    ids.push(id);
    return insert('job_lines', {
      id,
      site_id: job.site_id,
      job_id: job.id,
      position: start + index,
      canned_job_id: cannedId,
      ...lineColumns(input, lc),
    });
  });
  return { changes, ids };
}

export const jobLineAdd = defineMutation({
  name: 'jobLine.add',
  description: 'Add a labour or part line to a job',
  roles: WRITE_ROLES,
  input: Type.Object({ jobId: Id, ...LineFields }, { additionalProperties: false }),
  load: (input, ctx) => lineReads(input.jobId, ctx),
  decide(input, state, ctx) {
    const { job, lc } = lineContext(state, ctx);
    const { jobId: _jobId, ...fields } = input;
    const { changes, ids } = addLines(ctx, job, lc, [fields], nextPosition(state.lines), null);
    return {
      changes: [...changes, timeline(ctx, job, 'line', `Added ${input.kind}: ${input.description.trim()}`)],
      result: { lineId: ids[0] },
    };
  },
});

export const jobLineAddCanned = defineMutation({
  name: 'jobLine.addCanned',
  description: 'Add the lines of a canned job to a job in one step',
  roles: WRITE_ROLES,
  input: Type.Object({ jobId: Id, cannedJobId: Id }, { additionalProperties: false }),
  load: (input, ctx) => ({ ...lineReads(input.jobId, ctx), canned: get('canned_jobs', input.cannedJobId) }),
  decide(input, state, ctx) {
    const { job, lc } = lineContext(state, ctx);
    const canned = requireFound(state.canned, 'canned job');
    if (canned.active !== true) throw new DomainError('conflict', `canned job ${String(canned.name)} is retired`);
    if (!CannedLinesCheck.Check(canned.lines))
      throw new DomainError('invalid', `canned job ${String(canned.name)} has malformed lines`);
    const { changes, ids } = addLines(ctx, job, lc, canned.lines, nextPosition(state.lines), canned.id);
    return {
      changes: [
        ...changes,
        timeline(ctx, job, 'line', `Added canned job ${String(canned.name)} (${ids.length} lines)`),
      ],
      result: { lineIds: ids },
    };
  },
});

const LineUpdateFields = {
  description: Type.Optional(LineFields.description),
  partNumber: LineFields.partNumber,
  hsnSac: LineFields.hsnSac,
  quantityMilli: LineFields.quantityMilli,
  unitPriceMinor: Type.Optional(LineFields.unitPriceMinor),
  discountMinor: LineFields.discountMinor,
  taxRateBp: LineFields.taxRateBp,
  technicianId: LineFields.technicianId,
  technicianName: OptionalText(120),
};

export const jobLineUpdate = defineMutation({
  name: 'jobLine.update',
  description: 'Change a line of a job that is not invoiced',
  roles: WRITE_ROLES,
  input: Type.Object({ jobId: Id, lineId: Id, ...LineUpdateFields }, { additionalProperties: false }),
  load: (input, ctx) => ({ ...lineReads(input.jobId, ctx), line: get('job_lines', input.lineId) }),
  decide(input, state, ctx) {
    const { job, lc } = lineContext(state, ctx);
    const line = requireFound(state.line, 'line');
    if (line.job_id !== job.id) throw new DomainError('invalid', 'the line belongs to another job');
    const { jobId: _jobId, lineId: _lineId, ...changed } = input;
    const merged = {
      ...lineFieldsOf(line),
      ...Object.fromEntries(Object.entries(changed).filter(([, value]) => value !== undefined)),
    };
    const columns = lineColumns(merged, lc);
    const set = Object.fromEntries(Object.entries(columns).filter(([column, value]) => line[column] !== value));
    if (Object.keys(set).length === 0) return { changes: [] };
    return {
      changes: [
        update('job_lines', line.id, set),
        timeline(ctx, job, 'line', `Changed line: ${String(columns.description)}`),
      ],
    };
  },
});

export const jobLineRemove = defineMutation({
  name: 'jobLine.remove',
  description: 'Remove a line from a job that is not invoiced',
  roles: WRITE_ROLES,
  input: Type.Object({ jobId: Id, lineId: Id }, { additionalProperties: false }),
  load: (input, ctx) => ({ ...lineReads(input.jobId, ctx), line: get('job_lines', input.lineId) }),
  decide(_input, state, ctx) {
    const { job } = lineContext(state, ctx);
    const line = requireFound(state.line, 'line');
    if (line.job_id !== job.id) throw new DomainError('invalid', 'the line belongs to another job');
    return {
      changes: [remove('job_lines', line.id), timeline(ctx, job, 'line', `Removed line: ${String(line.description)}`)],
    };
  },
});
