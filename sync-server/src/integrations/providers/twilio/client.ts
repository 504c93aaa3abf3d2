import { randomBytes } from 'node:crypto';
import twilio from 'twilio';
import RequestClient from 'twilio/lib/base/RequestClient.js';
import type Response from 'twilio/lib/http/response.js';
import type { IntegrationsConfig } from '../../config.ts';
import { ProviderError } from '../provider-error.ts';

/** What Forecourt needs from Twilio: SMS with status callbacks, and Verify for phone OTP. */
export interface TwilioProvider {
  readonly mode: 'live' | 'sandbox';
  sendSms(input: { to: string; body: string; statusCallback: string }): Promise<{ sid: string; status: string }>;
  fetchMessage(sid: string): Promise<{ status: string; errorCode: string | null }>;
  startVerification(phone: string): Promise<{ status: string }>;
  checkVerification(phone: string, code: string): Promise<{ status: string }>;
}

/**
 * The sandbox: no account, no network. Messages are accepted and read back as delivered; the
 * verification code is 000000 (a sandbox never sends a real code anywhere).
 */
export function sandboxTwilio(): TwilioProvider {
  const pending = new Set<string>();
  return {
    mode: 'sandbox',
    async sendSms() {
      return { sid: `SM${randomBytes(16).toString('hex')}`, status: 'queued' };
    },
    async fetchMessage() {
      return { status: 'delivered', errorCode: null };
    },
    async startVerification(phone) {
      pending.add(phone);
      return { status: 'pending' };
    },
    async checkVerification(phone, code) {
      if (!pending.has(phone)) throw new ProviderError('twilio', 404, '20404', 'verification not found');
      if (code !== '000000') return { status: 'pending' };
      pending.delete(phone);
      return { status: 'approved' };
    },
  };
}

/** Sends the SDK's requests to another base URL (tests: a local fake recording what it receives). */
class RewritingRequestClient extends RequestClient {
  constructor(private readonly base: string) {
    super();
  }

  override request<TData>(opts: RequestClient.RequestOptions<TData>): Promise<Response<TData>> {
    const uri = opts.uri.replace(/^https:\/\/[a-z]+\.twilio\.com/, this.base);
    return super.request({ ...opts, uri });
  }
}

function wrapError(error: unknown): ProviderError {
  if (error instanceof twilio.RestException) {
    return new ProviderError(
      'twilio',
      error.status,
      error.code === undefined ? null : String(error.code),
      error.message,
    );
  }
  return new ProviderError('twilio', null, null, error instanceof Error ? error.message : 'no answer from Twilio');
}

export function liveTwilio(config: IntegrationsConfig['twilio'], timeoutMs = 10_000): TwilioProvider {
  const accountSid = config.accountSid ?? '';
  const authToken = config.authTokens[0] ?? '';
  const client = twilio(accountSid, authToken, {
    timeout: timeoutMs,
    ...(config.apiBase ? { httpClient: new RewritingRequestClient(config.apiBase) } : {}),
  });
  const verifySid = config.verifyServiceSid ?? '';
  const call = async <T>(work: () => Promise<T>) => {
    try {
      return await work();
    } catch (error) {
      throw wrapError(error);
    }
  };
  return {
    mode: 'live',
    sendSms: (input) =>
      call(async () => {
        const message = await client.messages.create({
          to: input.to,
          from: config.fromNumber ?? '',
          body: input.body,
          statusCallback: input.statusCallback,
        });
        return { sid: message.sid, status: message.status };
      }),
    fetchMessage: (sid) =>
      call(async () => {
        const message = await client.messages(sid).fetch();
        return { status: message.status, errorCode: message.errorCode === null ? null : String(message.errorCode) };
      }),
    startVerification: (phone) =>
      call(async () => ({
        status: (await client.verify.v2.services(verifySid).verifications.create({ to: phone, channel: 'sms' })).status,
      })),
    checkVerification: (phone, code) =>
      call(async () => ({
        status: (await client.verify.v2.services(verifySid).verificationChecks.create({ to: phone, code })).status,
      })),
  };
}
