import { writeFile } from 'node:fs/promises';
import { DomainError } from '@forecourt/shared';
import { jobDocumentPdf, type JobDocumentKind } from '../documents/index.ts';
import { requiredOption, requiredPositional, type ParsedArgs } from './args.ts';
import type { CliIo } from './commands.ts';
import { findJob, openReplicaReader } from './garage-replica.ts';

/**
 * `forecourt-device doc job-card|invoice JOB --out FILE.pdf`: a job's job card, or the invoice in
 * force for it, as PDF, from the replica (offline, headless). JOB is the job's id or its number.
 */
const KINDS: readonly JobDocumentKind[] = ['job-card', 'invoice'];

function isKind(value: string): value is JobDocumentKind {
  return (KINDS as readonly string[]).includes(value);
}

export async function docCommand(args: ParsedArgs, io: CliIo): Promise<{ out: string; bytes: number; job: string }> {
  const kind = requiredPositional(args, 0, 'a document kind (job-card or invoice)');
  if (!isKind(kind)) throw new DomainError('invalid', `unknown document ${kind}; use job-card or invoice`);
  const jobRef = requiredPositional(args, 1, 'a job id or number');
  const out = requiredOption(args, 'out');
  const reader = openReplicaReader(args, io.env, io.logger);
  try {
    const job = findJob(reader, jobRef);
    const now = new Date((io.counterOptions?.clock ?? Date.now)()).toISOString();
    const pdf = await jobDocumentPdf(reader.replica.store(), kind, job.id, now);
    await writeFile(out, pdf);
    return { out, bytes: pdf.length, job: String(job.number) };
  } finally {
    reader.close();
  }
}
