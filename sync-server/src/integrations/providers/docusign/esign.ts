import { DomainError, type Row } from '@forecourt/shared';
import type { Database } from '../../../db/database.ts';
import { applyEntityEffect, writeRowsInTransaction } from '../../effects/entity-write.ts';
import { advances } from '../../effects/status-rank.ts';
import { insertCall } from '../../outbound/calls.ts';
import type { OutboundOperation } from '../../outbound/process.ts';
import type { JobQueue } from '../../queue/job-queue.ts';
import { QUEUES } from '../../queue/queues.ts';
import { sha256Hex } from '../hmac.ts';
import type { DocusignProvider } from './client.ts';
import { ESIGN_RANK } from './effects.ts';

export interface SignatureRequest {
  readonly documentId: string;
  readonly tenantId: string;
  readonly siteId: string;
  readonly kind: 'rental_contract' | 'partner_agreement' | 'estimate';
  readonly subjectId: string | null;
  readonly title: string;
  readonly signerName: string;
  readonly signerEmail: string;
  readonly mode: 'email' | 'in_person';
  readonly pdf: Buffer;
  readonly requestedBy: string;
}

interface Deps {
  readonly db: Database;
  readonly queue: JobQueue;
  readonly clock: () => number;
}

/** Records the document (draft, syncs at once) and the call that sends its envelope, in one transaction. */
export async function requestSignature(deps: Deps, request: SignatureRequest): Promise<{ documentId: string }> {
  const nowIso = new Date(deps.clock()).toISOString();
  const created = await deps.db.transaction(async (tx) => {
    if ((await tx.query('SELECT 1 FROM esign_documents WHERE id = $1', [request.documentId])).rows.length > 0)
      return false;
    const row: Row = {
      id: request.documentId,
      tenant_id: request.tenantId,
      site_id: request.siteId,
      kind: request.kind,
      subject_id: request.subjectId,
      title: request.title,
      signer_name: request.signerName,
      signer_email: request.signerEmail,
      mode: request.mode,
      status: 'draft',
      envelope_id: null,
      decline_reason: null,
      signed_sha256: null,
      status_at: nowIso,
      requested_by: request.requestedBy,
      created_at: nowIso,
      updated_at: nowIso,
      deleted_at: null,
    };
    await writeRowsInTransaction(tx, request.tenantId, [{ table: 'esign_documents', row }]);
    const call = await insertCall(
      tx,
      {
        tenantId: request.tenantId,
        provider: 'docusign',
        operation: 'docusign.send',
        idempotencyKey: `esign:${request.documentId}`,
        entityKey: request.documentId,
        request: { documentId: request.documentId, pdfBase64: request.pdf.toString('base64') },
      },
      nowIso,
    );
    await deps.queue.enqueue(tx, QUEUES.outbound, [{ callId: call.id }]);
    return true;
  });
  if (created) deps.queue.wake(QUEUES.outbound);
  return { documentId: request.documentId };
}

async function loadDocument(db: Database, tenantId: string, id: string): Promise<Row | null> {
  return (
    (await db.query<Row>('SELECT * FROM esign_documents WHERE id = $1 AND tenant_id = $2', [id, tenantId])).rows[0] ??
    null
  );
}

/** Sending an envelope has no idempotency key at DocuSign: an ambiguous send is never repeated blindly. */
export function sendOperation(deps: {
  db: Database;
  clock: () => number;
  provider: DocusignProvider;
}): OutboundOperation {
  return {
    unsafeToRepeat: true,
    async perform(call) {
      const document = await loadDocument(deps.db, call.tenant_id, String(call.request.documentId));
      if (!document) return { skipped: 'document removed' };
      const { envelopeId } = await deps.provider.sendEnvelope({
        documentId: document.id,
        tenantId: call.tenant_id,
        title: String(document.title),
        pdf: Buffer.from(String(call.request.pdfBase64), 'base64'),
        signer: { name: String(document.signer_name), email: String(document.signer_email) },
        inPerson: document.mode === 'in_person',
      });
      const nowIso = new Date(deps.clock()).toISOString();
      await applyEntityEffect(deps.db, call.tenant_id, `docusign:${envelopeId}`, async (store) => {
        const row = await store.get('esign_documents', document.id);
        if (!row) return { rows: [], result: null };
        const status = advances(ESIGN_RANK, row.status, 'sent') ? 'sent' : String(row.status);
        return {
          rows: [
            {
              table: 'esign_documents',
              row: { ...row, envelope_id: envelopeId, status, status_at: nowIso, updated_at: nowIso },
            },
          ],
          result: null,
        };
      });
      return { envelopeId };
    },
  };
}

/** After `envelope-completed`: the signed PDF, stored by its sha256, named on the document row. */
export function fetchSignedOperation(deps: {
  db: Database;
  clock: () => number;
  provider: DocusignProvider;
}): OutboundOperation {
  return {
    unsafeToRepeat: false,
    async perform(call) {
      const document = await loadDocument(deps.db, call.tenant_id, String(call.request.documentId));
      if (!document?.envelope_id) return { skipped: 'no envelope' };
      const pdf = await deps.provider.signedPdf(String(document.envelope_id));
      const sha256 = sha256Hex(pdf);
      const nowIso = new Date(deps.clock()).toISOString();
      await deps.db.query(
        'INSERT INTO esign_signed_files (sha256, tenant_id, document_id, bytes, created_at) VALUES ($1, $2, $3, $4, $5) ON CONFLICT (sha256) DO NOTHING',
        [sha256, call.tenant_id, document.id, pdf, nowIso],
      );
      await applyEntityEffect(deps.db, call.tenant_id, `docusign:${String(document.envelope_id)}`, async (store) => {
        const row = await store.get('esign_documents', document.id);
        if (!row || row.signed_sha256 === sha256) return { rows: [], result: null };
        return {
          rows: [{ table: 'esign_documents', row: { ...row, signed_sha256: sha256, updated_at: nowIso } }],
          result: null,
        };
      });
      return { sha256, bytes: pdf.length };
    },
  };
}

/** Enqueues the fetch of a signed PDF (once per document: the key is the document's). */
export async function enqueueSignedFetch(deps: Deps, tenantId: string, documentId: string): Promise<void> {
  const nowIso = new Date(deps.clock()).toISOString();
  const created = await deps.db.transaction(async (tx) => {
    const call = await insertCall(
      tx,
      {
        tenantId,
        provider: 'docusign',
        operation: 'docusign.fetch-signed',
        idempotencyKey: `esign-signed:${documentId}`,
        entityKey: documentId,
        request: { documentId },
      },
      nowIso,
    );
    if (call.created) await deps.queue.enqueue(tx, QUEUES.outbound, [{ callId: call.id }]);
    return call.created;
  });
  if (created) deps.queue.wake(QUEUES.outbound);
}

/** Embedded signing at the counter; its return URL's `?event=signing_complete` proves nothing: only Connect marks signed. */
export async function signingView(
  deps: { db: Database; provider: DocusignProvider },
  tenantId: string,
  documentId: string,
  returnUrl: string,
): Promise<{ url: string }> {
  const document = await loadDocument(deps.db, tenantId, documentId);
  if (!document) throw new DomainError('not-found', 'document not found');
  if (document.mode !== 'in_person') throw new DomainError('invalid', 'this document is signed by email');
  if (!document.envelope_id) throw new DomainError('conflict', 'the envelope is not sent yet; try again in a moment');
  if ((ESIGN_RANK[String(document.status)] ?? 0) >= 3)
    throw new DomainError('conflict', `the document is already ${String(document.status)}`);
  return deps.provider.signingUrl({
    envelopeId: String(document.envelope_id),
    documentId,
    signer: { name: String(document.signer_name), email: String(document.signer_email) },
    returnUrl,
  });
}

export async function signedFile(db: Database, tenantId: string, sha256: string): Promise<Buffer | null> {
  const result = await db.query<{ bytes: Buffer | Uint8Array }>(
    'SELECT bytes FROM esign_signed_files WHERE sha256 = $1 AND tenant_id = $2',
    [sha256, tenantId],
  );
  const bytes = result.rows[0]?.bytes;
  return bytes ? Buffer.from(bytes) : null;
}
