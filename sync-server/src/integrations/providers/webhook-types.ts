import type { IncomingHttpHeaders } from 'node:http';
import type { IncomingEvent } from '../inbox/inbox.ts';

/** What a webhook route hands to its provider's verifier: the exact bytes received. */
export interface ReceivedWebhook {
  readonly rawBody: Buffer;
  readonly headers: IncomingHttpHeaders;
  /** Path and query string as requested (Twilio signs the full public URL). */
  readonly url: string;
  /** Milliseconds since the epoch, from the server's clock. */
  readonly receivedAtMs: number;
}

export type RejectReason = 'not-configured' | 'missing-signature' | 'bad-signature' | 'stale' | 'malformed';

export type VerifyOutcome =
  { readonly ok: true; readonly events: IncomingEvent[] } | { readonly ok: false; readonly reason: RejectReason };

export type WebhookVerifier = (webhook: ReceivedWebhook) => VerifyOutcome;

export function header(headers: IncomingHttpHeaders, name: string): string | null {
  const value = headers[name];
  const first = Array.isArray(value) ? value[0] : value;
  return first && first.length > 0 ? first : null;
}
