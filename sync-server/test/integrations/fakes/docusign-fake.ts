import { randomUUID } from 'node:crypto';
import { HttpFake } from './http-fake.ts';

export const DOCUSIGN = { accountId: 'acc-0001', token: 'docusign-access-token' };
export const SIGNED_PDF = Buffer.from('%PDF-1.7\n% signed by the fake\n%%EOF\n', 'utf8');

/** DocuSign's eSignature REST API as docusign-esign calls it; `changes` is what listStatusChanges answers. */
export function docusignFake(changes: Array<{ envelopeId: string; status: string }>): HttpFake {
  const fake = new HttpFake();
  const prefix = `/restapi/v2.1/accounts/${DOCUSIGN.accountId}/envelopes`;
  fake.route((request) => {
    if (request.method === 'POST' && request.path === prefix)
      return { status: 201, body: { envelopeId: randomUUID(), status: 'sent' } };
    if (request.method === 'POST' && request.path.endsWith('/views/recipient'))
      return { status: 201, body: { url: 'https://demo.docusign.test/signing/session-1' } };
    if (request.method === 'GET' && request.path.endsWith('/documents/combined'))
      return { status: 200, body: null, raw: { bytes: SIGNED_PDF, contentType: 'application/pdf' } };
    if (request.method === 'GET' && request.path.startsWith(`${prefix}?`))
      return { status: 200, body: { envelopes: changes, resultSetSize: String(changes.length) } };
    return undefined;
  });
  return fake;
}

export const docusignEnv = (fake: HttpFake): Record<string, string> => ({
  DOCUSIGN_ACCESS_TOKEN: DOCUSIGN.token,
  DOCUSIGN_ACCOUNT_ID: DOCUSIGN.accountId,
  DOCUSIGN_API_BASE: `${fake.url}/restapi`,
});
