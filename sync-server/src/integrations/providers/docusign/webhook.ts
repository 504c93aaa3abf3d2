import type { IncomingEvent } from '../../inbox/inbox.ts';
import { hmac, sha256Hex, signaturesEqual } from '../hmac.ts';
import { header, type ReceivedWebhook, type VerifyOutcome } from '../webhook-types.ts';

export const DOCUSIGN_HANDLED_EVENTS: ReadonlySet<string> = new Set([
  'envelope-sent',
  'envelope-delivered',
  'envelope-completed',
  'envelope-declined',
  'envelope-voided',
  'recipient-declined',
  'recipient-completed',
]);

/** Connect sends one `X-DocuSign-Signature-N` per active key, N from 1; at most this many are read. */
const MAX_SIGNATURE_HEADERS = 10;

interface ConnectMessage {
  event?: unknown;
  generatedDateTime?: unknown;
  data?: { envelopeId?: unknown };
}

/**
 * DocuSign Connect (JSON SIM): base64 HMAC-SHA256 of the raw body per key; valid when any header
 * matches any configured key. Connect messages carry no event id: the key is envelope + event +
 * generatedDateTime, or a hash of the body when those are missing.
 */
export function verifyDocusign(keys: readonly string[]): (webhook: ReceivedWebhook) => VerifyOutcome {
  return (webhook) => {
    if (keys.length === 0) return { ok: false, reason: 'not-configured' };
    const signatures: string[] = [];
    for (let index = 1; index <= MAX_SIGNATURE_HEADERS; index++) {
      const value = header(webhook.headers, `x-docusign-signature-${index}`);
      if (value) signatures.push(value.trim());
    }
    if (signatures.length === 0) return { ok: false, reason: 'missing-signature' };
    const expected = keys.map((key) => hmac('sha256', key, webhook.rawBody, 'base64'));
    const valid = signatures.some((received) => expected.some((computed) => signaturesEqual(computed, received)));
    if (!valid) return { ok: false, reason: 'bad-signature' };
    let message: ConnectMessage;
    try {
      message = JSON.parse(webhook.rawBody.toString('utf8')) as ConnectMessage; // shape checked below
    } catch {
      return { ok: false, reason: 'malformed' };
    }
    const eventType = typeof message.event === 'string' ? message.event : null;
    const envelopeId = typeof message.data?.envelopeId === 'string' ? message.data.envelopeId : null;
    if (!eventType) return { ok: false, reason: 'malformed' };
    const generated = typeof message.generatedDateTime === 'string' ? message.generatedDateTime : null;
    const event: IncomingEvent = {
      provider: 'docusign',
      eventKey:
        envelopeId && generated ? `${envelopeId}:${eventType}:${generated}` : `sha256:${sha256Hex(webhook.rawBody)}`,
      eventType,
      entityKey: envelopeId,
      body: webhook.rawBody.toString('utf8'),
      handled: DOCUSIGN_HANDLED_EVENTS.has(eventType) && envelopeId !== null,
    };
    return { ok: true, events: [event] };
  };
}
