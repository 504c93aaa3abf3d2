import { randomBytes } from 'node:crypto';
import type { IntegrationsConfig } from '../../config.ts';
import { ProviderError } from '../provider-error.ts';
import type { EnodeVehicle } from './ev-state.ts';

/** What Forecourt needs from Enode: link sessions for a fleet vehicle, and its vehicles to reconcile. */
export interface EnodeProvider {
  readonly mode: 'live' | 'sandbox';
  createLinkSession(userId: string, redirectUri: string): Promise<{ linkUrl: string; expiresAt: string }>;
  listVehicles(userId: string): Promise<EnodeVehicle[]>;
  /** Unlinks: deletes the Enode user and Enode's data of its vehicles; an unknown user is already gone. */
  deleteUser(userId: string): Promise<void>;
}

/** Link URLs are single use and valid for 24 hours. */
const LINK_LIFETIME_MS = 24 * 60 * 60_000;

export function sandboxEnode(clock: () => number): EnodeProvider {
  return {
    mode: 'sandbox',
    async createLinkSession() {
      return {
        linkUrl: `https://link.sandbox.invalid/${randomBytes(12).toString('hex')}`,
        expiresAt: new Date(clock() + LINK_LIFETIME_MS).toISOString(),
      };
    },
    async listVehicles() {
      return [];
    },
    async deleteUser() {},
  };
}

type FetchLike = typeof fetch;

/**
 * Enode over HTTP with OAuth client credentials: the access token (about an hour) is cached and
 * fetched again shortly before it expires, never per request.
 */
export function liveEnode(
  config: IntegrationsConfig['enode'],
  clock: () => number,
  fetchImpl: FetchLike = fetch,
): EnodeProvider {
  const apiBase = config.apiBase ?? 'https://enode-api.production.enode.io';
  const oauthUrl = config.oauthUrl ?? 'https://oauth.production.enode.io/oauth2/token';
  let cached: { token: string; expiresAtMs: number } | null = null;

  async function token(): Promise<string> {
    if (cached && cached.expiresAtMs - 60_000 > clock()) return cached.token;
    const basic = Buffer.from(`${config.clientId ?? ''}:${config.clientSecret ?? ''}`).toString('base64');
    const answer = await call(oauthUrl, {
      method: 'POST',
      headers: { authorization: `Basic ${basic}`, 'content-type': 'application/x-www-form-urlencoded' },
      body: 'grant_type=client_credentials',
    });
    // An OAuth token answer; each field is checked before use.
    const body = answer as { access_token?: unknown; expires_in?: unknown };
    if (typeof body.access_token !== 'string')
      throw new ProviderError('enode', 502, null, 'token answer without access_token');
    cached = {
      token: body.access_token,
      expiresAtMs: clock() + (typeof body.expires_in === 'number' ? body.expires_in : 3600) * 1000,
    };
    return cached.token;
  }

  async function call(url: string, init: RequestInit): Promise<unknown> {
    let response: Response;
    try {
      response = await fetchImpl(url, { ...init, signal: AbortSignal.timeout(10_000) });
    } catch (error) {
      throw new ProviderError('enode', null, null, error instanceof Error ? error.message : 'no answer from Enode');
    }
    const text = await response.text();
    if (!response.ok) throw new ProviderError('enode', response.status, null, `Enode answered ${response.status}`);
    return text ? (JSON.parse(text) as unknown) : {}; // checked by each caller
  }

  const api = async (path: string, init: RequestInit = {}) =>
    call(`${apiBase}${path}`, {
      ...init,
      headers: {
        ...(init.headers ?? {}),
        authorization: `Bearer ${await token()}`,
        'content-type': 'application/json',
      },
    });

  return {
    mode: 'live',
    async createLinkSession(userId, redirectUri) {
      // Enode's link answer; linkUrl is checked below.
      const body = (await api(`/users/${encodeURIComponent(userId)}/link`, {
        method: 'POST',
        body: JSON.stringify({
          vendorType: 'vehicle',
          language: 'en-US',
          redirectUri,
          scopes: ['vehicle:read:data', 'vehicle:read:location'],
        }),
      })) as { linkUrl?: unknown };
      if (typeof body.linkUrl !== 'string') throw new ProviderError('enode', 502, null, 'link answer without linkUrl');
      return { linkUrl: body.linkUrl, expiresAt: new Date(clock() + LINK_LIFETIME_MS).toISOString() };
    },
    async listVehicles(userId) {
      const vehicles: EnodeVehicle[] = [];
      let after: string | null = null;
      do {
        const query: string = after ? `?pageSize=50&after=${encodeURIComponent(after)}` : '?pageSize=50';
        // A page of Enode vehicles; every field of a vehicle is read defensively by the merge.
        const page = (await api(`/users/${encodeURIComponent(userId)}/vehicles${query}`)) as {
          data?: EnodeVehicle[];
          pagination?: { after?: string | null };
        };
        vehicles.push(...(page.data ?? []));
        after = page.pagination?.after ?? null;
      } while (after);
      return vehicles;
    },
    async deleteUser(userId) {
      try {
        await api(`/users/${encodeURIComponent(userId)}`, { method: 'DELETE' });
      } catch (error) {
        if (!(error instanceof ProviderError && error.status === 404)) throw error;
      }
    },
  };
}
