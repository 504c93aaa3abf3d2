import twilio from 'twilio';
import type { IncomingEvent } from '../../inbox/inbox.ts';
import { header, type ReceivedWebhook, type VerifyOutcome } from '../webhook-types.ts';

export type TwilioForm = Readonly<Record<string, string | string[]>>;

const first = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value);

/**
 * `X-Twilio-Signature` over the full public URL (from PUBLIC_BASE_URL, never from the request's
 * Host or protocol, which a proxy rewrites) plus the sorted POST parameters, checked with the
 * SDK's `validateRequest` for each configured auth token (rotation). A JSON callback carries
 * `bodySHA256` in its query string and is checked with `validateRequestWithBody`.
 */
export function verifyTwilio(
  tokens: readonly string[],
  publicBaseUrl: string,
): (webhook: ReceivedWebhook, form: TwilioForm | null) => VerifyOutcome {
  return (webhook, form) => {
    if (tokens.length === 0) return { ok: false, reason: 'not-configured' };
    const signature = header(webhook.headers, 'x-twilio-signature');
    if (!signature) return { ok: false, reason: 'missing-signature' };
    const url = `${publicBaseUrl}${webhook.url}`;
    const body = webhook.rawBody.toString('utf8');
    const valid = tokens.some((token) =>
      form
        ? twilio.validateRequest(token, signature, url, form)
        : twilio.validateRequestWithBody(token, signature, url, body),
    );
    if (!valid) return { ok: false, reason: 'bad-signature' };
    const params = form ?? parseJsonParams(body);
    if (!params) return { ok: false, reason: 'malformed' };
    const sid = first(params.MessageSid) ?? first(params.SmsSid) ?? null;
    const status = first(params.MessageStatus) ?? first(params.SmsStatus) ?? null;
    const token = header(webhook.headers, 'i-twilio-idempotency-token');
    const eventKey = token ?? (sid && status ? `${sid}:${status}` : null);
    if (!eventKey) return { ok: false, reason: 'malformed' };
    const event: IncomingEvent = {
      provider: 'twilio',
      eventKey,
      eventType: status ? `message.${status}` : 'unknown',
      entityKey: sid ? `twilio-message:${sid}` : null,
      body: JSON.stringify(params),
      handled: sid !== null && status !== null,
    };
    return { ok: true, events: [event] };
  };
}

function parseJsonParams(body: string): Record<string, string> | null {
  try {
    const parsed: unknown = JSON.parse(body);
    if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) return null;
    const params: Record<string, string> = {};
    for (const [key, value] of Object.entries(parsed)) if (typeof value === 'string') params[key] = value;
    return params;
  } catch {
    return null;
  }
}
