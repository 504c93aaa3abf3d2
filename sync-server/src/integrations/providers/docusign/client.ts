import { randomUUID } from 'node:crypto';
import docusign from 'docusign-esign';
import type { IntegrationsConfig } from '../../config.ts';
import { ProviderError } from '../provider-error.ts';

export interface EnvelopeInput {
  readonly documentId: string;
  readonly tenantId: string;
  readonly title: string;
  readonly pdf: Buffer;
  readonly signer: { readonly name: string; readonly email: string };
  /** In person at the counter: the signer is embedded (clientUserId) and signs in an app window. */
  readonly inPerson: boolean;
}

/** eSign as Forecourt uses it. The access token sits behind the provider (the SDK's JWT call hard-codes https). */
export interface DocusignProvider {
  readonly mode: 'live' | 'sandbox';
  sendEnvelope(input: EnvelopeInput): Promise<{ envelopeId: string }>;
  signingUrl(input: {
    envelopeId: string;
    documentId: string;
    signer: { name: string; email: string };
    returnUrl: string;
  }): Promise<{ url: string }>;
  signedPdf(envelopeId: string): Promise<Buffer>;
  statusChanges(fromIso: string): Promise<Array<{ envelopeId: string; status: string }>>;
}

/** A signed PDF stand-in for the sandbox: a minimal valid PDF naming the envelope. */
const SANDBOX_PDF = (envelopeId: string) =>
  Buffer.from(`%PDF-1.4\n% sandbox signed envelope ${envelopeId}\n%%EOF\n`, 'utf8');

export function sandboxDocusign(publicBaseUrl: string): DocusignProvider {
  return {
    mode: 'sandbox',
    async sendEnvelope() {
      return { envelopeId: randomUUID() };
    },
    async signingUrl(input) {
      return { url: `${publicBaseUrl}/sandbox/esign/${input.envelopeId}` };
    },
    async signedPdf(envelopeId) {
      return SANDBOX_PDF(envelopeId);
    },
    async statusChanges() {
      return [];
    },
  };
}

function wrap(error: unknown): ProviderError {
  // The SDK rejects with axios-style errors; only the status is read, defensively.
  const response = (error as { response?: { status?: unknown } } | null)?.response;
  const status = typeof response?.status === 'number' ? response.status : null;
  return new ProviderError(
    'docusign',
    status,
    null,
    status ? `DocuSign answered ${status}` : 'no answer from DocuSign',
  );
}

export function liveDocusign(
  config: IntegrationsConfig['docusign'],
  publicBaseUrl: string,
  tokens: () => Promise<string>,
): DocusignProvider {
  const accountId = config.accountId ?? '';
  const api = async () => {
    const client = new docusign.ApiClient();
    client.setBasePath(config.apiBase ?? 'https://demo.docusign.net/restapi');
    client.addDefaultHeader('Authorization', `Bearer ${await tokens()}`);
    return new docusign.EnvelopesApi(client);
  };
  const call = async <T>(work: () => Promise<T>) => {
    try {
      return await work();
    } catch (error) {
      throw wrap(error);
    }
  };
  return {
    mode: 'live',
    sendEnvelope: (input) =>
      call(async () => {
        const signer = {
          name: input.signer.name,
          email: input.signer.email,
          recipientId: '1',
          routingOrder: '1',
          ...(input.inPerson ? { clientUserId: input.documentId } : {}),
          tabs: { signHereTabs: [{ anchorString: '/sig1/', anchorUnits: 'pixels' }] },
        };
        const envelope = await (
          await api()
        ).createEnvelope(accountId, {
          envelopeDefinition: {
            emailSubject: input.title,
            status: 'sent',
            documents: [
              {
                documentBase64: input.pdf.toString('base64'),
                name: input.title,
                fileExtension: 'pdf',
                documentId: '1',
              },
            ],
            recipients: { signers: [signer] },
            // Joins Connect messages back to our row; documents never travel in Connect messages.
            customFields: {
              textCustomFields: [
                { name: 'forecourt_document_id', value: input.documentId, show: 'false' },
                { name: 'forecourt_tenant_id', value: input.tenantId, show: 'false' },
              ],
            },
            eventNotification: {
              url: `${publicBaseUrl}/api/v1/webhooks/docusign`,
              deliveryMode: 'SIM',
              requireAcknowledgment: 'true',
              includeHMAC: 'true',
              includeDocuments: 'false',
              events: [
                'envelope-sent',
                'envelope-delivered',
                'envelope-completed',
                'envelope-declined',
                'envelope-voided',
              ],
            },
          },
        });
        if (!envelope.envelopeId) throw new ProviderError('docusign', 502, null, 'envelope answer without id');
        return { envelopeId: envelope.envelopeId };
      }),
    signingUrl: (input) =>
      call(async () => {
        const view = await (
          await api()
        ).createRecipientView(accountId, input.envelopeId, {
          recipientViewRequest: {
            returnUrl: input.returnUrl,
            authenticationMethod: 'none',
            clientUserId: input.documentId,
            userName: input.signer.name,
            email: input.signer.email,
          },
        });
        if (!view.url) throw new ProviderError('docusign', 502, null, 'recipient view without url');
        return { url: view.url };
      }),
    signedPdf: (envelopeId) =>
      call(async () => {
        const document = await (await api()).getDocument(accountId, envelopeId, 'combined', {});
        if (Buffer.isBuffer(document)) return document;
        if (typeof document === 'string') return Buffer.from(document, 'binary');
        throw new ProviderError('docusign', 502, null, 'document answer was not a file');
      }),
    statusChanges: (fromIso) =>
      call(async () => {
        const changes = await (await api()).listStatusChanges(accountId, { fromDate: fromIso });
        return (changes.envelopes ?? []).flatMap((envelope) =>
          envelope.envelopeId && envelope.status ? [{ envelopeId: envelope.envelopeId, status: envelope.status }] : [],
        );
      }),
  };
}
