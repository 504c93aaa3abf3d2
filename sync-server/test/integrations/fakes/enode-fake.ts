import { HttpFake } from './http-fake.ts';

export const ENODE_CLIENT = { id: 'enode-client-id', secret: 'enode-client-secret' };

/** Enode's OAuth token endpoint and API; `vehicles` is what GET /users/{id}/vehicles answers. */
export function enodeFake(vehicles: Map<string, unknown[]>): HttpFake {
  const fake = new HttpFake();
  let tokens = 0;
  fake.route((request) => {
    if (request.path === '/oauth2/token') {
      tokens += 1;
      return { status: 200, body: { access_token: `enode-token-${tokens}`, expires_in: 3600, token_type: 'bearer' } };
    }
    const link = /^\/users\/([^/]+)\/link$/.exec(request.path);
    if (request.method === 'POST' && link)
      return { status: 200, body: { linkUrl: `https://link.enode.example/${link[1]}`, linkToken: 'lt' } };
    const user = /^\/users\/([^/]+)$/.exec(request.path);
    if (request.method === 'DELETE' && user) return { status: 204, body: '' };
    const list = /^\/users\/([^/]+)\/vehicles/.exec(request.path);
    if (request.method === 'GET' && list)
      return {
        status: 200,
        body: {
          data: vehicles.get(decodeURIComponent(list[1] ?? '')) ?? [],
          pagination: { after: null, before: null },
        },
      };
    return undefined;
  });
  return fake;
}

export const enodeEnv = (fake: HttpFake): Record<string, string> => ({
  ENODE_CLIENT_ID: ENODE_CLIENT.id,
  ENODE_CLIENT_SECRET: ENODE_CLIENT.secret,
  ENODE_API_BASE: fake.url,
  ENODE_OAUTH_URL: `${fake.url}/oauth2/token`,
});
