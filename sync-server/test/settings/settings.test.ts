import { createHmac, randomBytes } from 'node:crypto';
import { chmod, mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { loadIntegrationsConfig } from '../../src/integrations/config.ts';
import { keyIdOf, loadMasterKey, type MasterKey } from '../../src/settings/master-key.ts';
import { withSettings } from '../../src/settings/merge.ts';
import { settingName, settingValue } from '../../src/settings/names.ts';
import { openValue, sealValue } from '../../src/settings/seal.ts';
import { putSetting, readServerSettings } from '../../src/settings/store.ts';
import { seedTenant, startTestServer, type TestServer } from '../support/app.ts';
import { databaseKinds, type DatabaseKind, type TestDatabase } from '../support/databases.ts';
import { capturingLogger, ownerHeaders, stubIntegrationEnv } from '../integrations/support.ts';

const keyText = () => randomBytes(32).toString('base64');
const masterOf = (text: string): MasterKey => {
  const key = Buffer.from(text, 'base64');
  return { key, id: keyIdOf(key), origin: 'test' };
};

describe('sealing a setting (AES-256-GCM)', () => {
  const master = masterOf(keyText());

  it('opens what it sealed, with a fresh IV each time', () => {
    const first = sealValue(master, 'STRIPE_WEBHOOK_SECRET', 'whsec_settings_only_1');
    const second = sealValue(master, 'STRIPE_WEBHOOK_SECRET', 'whsec_settings_only_1');
    expect(first.iv.equals(second.iv)).toBe(false);
    expect(first.ciphertext.toString('utf8')).not.toContain('whsec');
    expect(openValue(master, 'STRIPE_WEBHOOK_SECRET', first)).toBe('whsec_settings_only_1');
  });

  it('says so when the master key is not the one it was sealed with', () => {
    const sealed = sealValue(master, 'TWILIO_AUTH_TOKEN', 'twilio-token-in-settings');
    const other = masterOf(keyText());
    expect(() => openValue(other, 'TWILIO_AUTH_TOKEN', sealed)).toThrow(
      `encrypted with master key ${master.id}, but the master key in use (test) is ${other.id}`,
    );
    // A forged key id does not help: the tag does not verify under the other key.
    expect(() => openValue(other, 'TWILIO_AUTH_TOKEN', { ...sealed, keyId: other.id })).toThrow(
      'failed its integrity check',
    );
  });

  it('refuses an altered ciphertext, tag or IV, and a value moved onto another name', () => {
    const sealed = sealValue(master, 'ENODE_CLIENT_SECRET', 'enode-client-secret-value');
    const flipped = Buffer.from(sealed.ciphertext);
    flipped[0] = (flipped[0] ?? 0) ^ 1;
    const tag = Buffer.from(sealed.authTag);
    tag[15] = (tag[15] ?? 0) ^ 0x80;
    for (const altered of [
      { ...sealed, ciphertext: flipped },
      { ...sealed, authTag: tag },
      { ...sealed, iv: randomBytes(12) },
    ]) {
      expect(() => openValue(master, 'ENODE_CLIENT_SECRET', altered)).toThrow(/integrity check/);
    }
    expect(() => openValue(master, 'STRIPE_SECRET_KEY', sealed)).toThrow(/integrity check/);
  });
});

describe('names, values and merging with the environment', () => {
  it('accepts only the known provider variables, with a clear refusal', () => {
    expect(settingName('STRIPE_WEBHOOK_SECRET')).toBe('STRIPE_WEBHOOK_SECRET');
    expect(() => settingName('DATABASE_URL')).toThrow(/"DATABASE_URL" is not a setting; use one of STRIPE_SECRET_KEY/);
    expect(() => settingName(undefined)).toThrow(/a setting name is required/);
    expect(() => settingValue('STRIPE_SECRET_KEY', '  ')).toThrow(/a value for STRIPE_SECRET_KEY is required/);
    expect(() => settingValue('STRIPE_SECRET_KEY', 'sk_live_a\nb')).toThrow(/control character/);
    expect(() => settingValue('TWILIO_AUTH_TOKEN', ' , ,')).toThrow(/no value between its commas/);
  });

  it('fills unset variables, and takes both sources of a comma-list secret', () => {
    const { env, sources } = withSettings(
      { STRIPE_WEBHOOK_SECRET: 'whsec_env', STRIPE_SECRET_KEY: 'sk_env', TWILIO_ACCOUNT_SID: '' },
      {
        STRIPE_WEBHOOK_SECRET: 'whsec_settings,whsec_env',
        STRIPE_SECRET_KEY: 'sk_settings',
        TWILIO_ACCOUNT_SID: 'AC123',
        ENODE_WEBHOOK_SECRET: 'enode_settings',
      },
    );
    expect(env.STRIPE_WEBHOOK_SECRET).toBe('whsec_env,whsec_settings');
    expect(env.STRIPE_SECRET_KEY).toBe('sk_env');
    expect(env.TWILIO_ACCOUNT_SID).toBe('AC123');
    expect(sources).toMatchObject({
      STRIPE_WEBHOOK_SECRET: 'env+settings',
      STRIPE_SECRET_KEY: 'env',
      TWILIO_ACCOUNT_SID: 'settings',
      ENODE_WEBHOOK_SECRET: 'settings',
      DOCUSIGN_HMAC_KEYS: 'unset',
    });
    const config = loadIntegrationsConfig(
      { STRIPE_WEBHOOK_SECRET: 'whsec_env' },
      { STRIPE_WEBHOOK_SECRET: 'whsec_new' },
    );
    expect(config.stripe.webhookSecrets).toEqual(['whsec_env', 'whsec_new']);
  });
});

describe('the master key', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'forecourt-settings-key-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('comes from FORECOURT_SETTINGS_KEY, refused unless it is 32 bytes of base64', async () => {
    const text = keyText();
    const fromEnv = await loadMasterKey({ FORECOURT_SETTINGS_KEY: text }, dir, { create: true });
    expect(fromEnv?.id).toBe(keyIdOf(Buffer.from(text, 'base64')));
    for (const bad of ['short', randomBytes(16).toString('base64'), `${text.slice(0, -2)}!=`]) {
      await expect(loadMasterKey({ FORECOURT_SETTINGS_KEY: bad }, dir, { create: true })).rejects.toThrow(
        'FORECOURT_SETTINGS_KEY must be 32 random bytes in base64',
      );
    }
  });

  it('otherwise is a file made with mode 0600 in the data folder, and kept', async () => {
    const data = join(dir, 'server');
    expect(await loadMasterKey({}, data, { create: false })).toBeNull();
    const made = await loadMasterKey({}, data, { create: true });
    const file = join(data, 'settings.key');
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect(Buffer.from((await readFile(file, 'utf8')).trim(), 'base64')).toHaveLength(32);
    expect((await loadMasterKey({}, data, { create: true }))?.id).toBe(made?.id);
    await chmod(file, 0o644);
    await expect(loadMasterKey({}, data, { create: false })).rejects.toThrow(/may be read by other users \(mode 644\)/);
  });
});

/** The test database with settings stored before the server starts, as `settings set` leaves it. */
function withStoredSettings(
  kind: DatabaseKind,
  master: MasterKey,
  values: Record<string, string>,
  opened: TestDatabase[],
  alter?: (database: TestDatabase) => Promise<void>,
): DatabaseKind {
  return {
    name: kind.name,
    async open() {
      const database = await kind.open();
      opened.push(database);
      for (const [name, value] of Object.entries(values))
        await putSetting(database.db, master, settingName(name), value, new Date());
      await alter?.(database);
      return database;
    },
  };
}

for (const kind of databaseKinds()) {
  describe(`a server started with secrets in its encrypted settings (${kind.name})`, () => {
    const masterText = keyText();
    const master = masterOf(masterText);
    const ENV_STRIPE = 'whsec_env_only_7f3a9c1e5b';
    const SETTINGS_STRIPE = 'whsec_settings_only_2d8e4f6a0c';
    const SETTINGS_ENODE = 'enode-settings-only-9b1c3d5e7f';
    const SETTINGS_TWILIO_SID = 'ACsettings0000000000000000000000001';
    const secrets = [SETTINGS_STRIPE, SETTINGS_ENODE, ENV_STRIPE];
    const logs = capturingLogger();
    const opened: TestDatabase[] = [];
    let server: TestServer;
    const stripePost = (payload: string, secret: string) =>
      server.app.inject({
        method: 'POST',
        url: '/api/v1/webhooks/stripe',
        headers: {
          'content-type': 'application/json',
          'stripe-signature': Stripe.webhooks.generateTestHeaderString({
            payload,
            secret,
            timestamp: Math.floor(server.clock() / 1000),
          }),
        },
        payload,
      });
    const enodePost = (body: string, secret: string) =>
      server.app.inject({
        method: 'POST',
        url: '/api/v1/webhooks/enode',
        headers: {
          'content-type': 'application/json',
          'x-enode-signature': `sha1=${createHmac('sha1', secret).update(body).digest('hex')}`,
        },
        payload: body,
      });
    const stripeEvent = (n: number) =>
      JSON.stringify({
        id: `evt_settings_${n}_${Date.now()}`,
        object: 'event',
        type: 'customer.created',
        created: 1_772_355_600,
        data: { object: { id: `cus_${n}`, object: 'customer' } },
      });

    beforeAll(async () => {
      stubIntegrationEnv({
        STRIPE_WEBHOOK_SECRET: ENV_STRIPE,
        ENODE_WEBHOOK_SECRET: '',
        FORECOURT_SETTINGS_KEY: masterText,
      });
      server = await startTestServer(
        withStoredSettings(
          kind,
          master,
          {
            STRIPE_WEBHOOK_SECRET: SETTINGS_STRIPE,
            ENODE_WEBHOOK_SECRET: SETTINGS_ENODE,
            TWILIO_ACCOUNT_SID: SETTINGS_TWILIO_SID,
          },
          opened,
        ),
        { logger: logs.logger },
      );
    });
    afterAll(async () => {
      await server?.close();
      vi.unstubAllEnvs();
    });

    it('verifies webhooks signed with a settings secret and with an environment secret, both at once', async () => {
      expect((await stripePost(stripeEvent(1), SETTINGS_STRIPE)).statusCode).toBe(200);
      expect((await stripePost(stripeEvent(2), ENV_STRIPE)).statusCode).toBe(200);
      expect((await stripePost(stripeEvent(3), 'whsec_neither_of_them')).statusCode).toBe(401);
      const heartbeat = JSON.stringify([{ event: 'system:heartbeat', createdAt: new Date().toISOString() }]);
      expect((await enodePost(heartbeat, SETTINGS_ENODE)).statusCode).toBe(200);
      expect((await enodePost(heartbeat, 'enode-secret-current')).statusCode).toBe(401);
    });

    it('shows each secret’s source on the owner’s status, never its value', async () => {
      const tenant = await seedTenant(server);
      const response = await server.app.inject({
        method: 'GET',
        url: '/api/v1/integrations/status',
        headers: await ownerHeaders(server, tenant),
      });
      expect(response.statusCode).toBe(200);
      const providers = response.json<{
        data: { providers: { provider: string; secrets: { name: string; source: string }[] }[] };
      }>().data.providers;
      const secretsOf = (provider: string) =>
        Object.fromEntries(
          (providers.find((p) => p.provider === provider)?.secrets ?? []).map((s) => [s.name, s.source]),
        );
      expect(secretsOf('stripe')).toEqual({ STRIPE_SECRET_KEY: 'unset', STRIPE_WEBHOOK_SECRET: 'env+settings' });
      expect(secretsOf('enode')).toEqual({ ENODE_WEBHOOK_SECRET: 'settings', ENODE_CLIENT_SECRET: 'unset' });
      expect(secretsOf('twilio')).toEqual({ TWILIO_AUTH_TOKEN: 'env' });
      for (const secret of secrets) expect(response.body).not.toContain(secret);
    });

    it('keeps every secret out of logs, error answers and rows other than its own', async () => {
      const bad = await stripePost(stripeEvent(4), `${SETTINGS_STRIPE}x`);
      const noHeader = await server.app.inject({
        method: 'POST',
        url: '/api/v1/webhooks/enode',
        headers: { 'content-type': 'application/json' },
        payload: '[]',
      });
      expect([bad.statusCode, noHeader.statusCode]).toEqual([401, 400]);
      expect(logs.lines.some((line) => line.includes('encrypted settings read'))).toBe(true);
      for (const secret of secrets) {
        expect(bad.body + noHeader.body).not.toContain(secret);
        expect(logs.lines.filter((line) => line.includes(secret))).toEqual([]);
        for (const table of ['change_log', 'webhook_inbox', 'server_settings']) {
          const found = await server.db.query(`SELECT 1 FROM ${table} t WHERE t::text LIKE $1 LIMIT 1`, [
            `%${secret}%`,
          ]);
          expect(found.rows, `${table} holds a secret`).toEqual([]);
        }
      }
      const stored = await server.db.query<{ t: string }>('SELECT s::text AS t FROM server_secret_settings s');
      expect(stored.rows.length).toBe(3);
      for (const row of stored.rows) for (const secret of secrets) expect(row.t).not.toContain(secret);
    });
  });

  describe(`a server whose settings cannot be opened (${kind.name})`, () => {
    const opened: TestDatabase[] = [];
    afterAll(async () => {
      for (const database of opened) await database.drop().catch(() => undefined);
      vi.unstubAllEnvs();
    });

    it('does not start with a wrong master key, and says so', async () => {
      const stored = masterOf(keyText());
      const other = keyText();
      stubIntegrationEnv({ FORECOURT_SETTINGS_KEY: other });
      const logs = capturingLogger();
      const starting = startTestServer(
        withStoredSettings(kind, stored, { STRIPE_SECRET_KEY: 'sk_test_wrong_key_case_123' }, opened),
        { logger: logs.logger },
      );
      await expect(starting).rejects.toThrow(
        `the setting STRIPE_SECRET_KEY was encrypted with master key ${stored.id}, but the master key in use (FORECOURT_SETTINGS_KEY) is ${masterOf(other).id}`,
      );
      expect(logs.lines.filter((line) => line.includes('sk_test_wrong_key_case_123'))).toEqual([]);
    });

    it('does not start without any master key', async () => {
      stubIntegrationEnv({ FORECOURT_SETTINGS_KEY: '' });
      const data = await mkdtemp(join(tmpdir(), 'forecourt-no-key-'));
      await expect(
        startTestServer(
          withStoredSettings(kind, masterOf(keyText()), { TWILIO_AUTH_TOKEN: 'tw-token-1234567' }, opened),
          {
            config: { dataDir: data },
          },
        ),
      ).rejects.toThrow(
        `1 encrypted setting(s) are stored but there is no master key: set FORECOURT_SETTINGS_KEY, or restore settings.key in ${data}`,
      );
      await rm(data, { recursive: true, force: true });
    });

    it('does not start when a stored ciphertext was altered', async () => {
      const masterText = keyText();
      stubIntegrationEnv({ FORECOURT_SETTINGS_KEY: masterText });
      const tamper = async (database: TestDatabase) => {
        await database.db.query(
          "UPDATE server_secret_settings SET ciphertext = overlay(ciphertext placing '\\x00'::bytea from 1 for 1) WHERE key = 'ENODE_CLIENT_SECRET'",
        );
        // The stored value really changed, and reading it back is refused rather than garbage.
        await expect(
          readServerSettings(database.db, { FORECOURT_SETTINGS_KEY: masterText }, '/nonexistent'),
        ).rejects.toThrow('the setting ENODE_CLIENT_SECRET failed its integrity check');
      };
      await expect(
        startTestServer(
          withStoredSettings(
            kind,
            masterOf(masterText),
            { ENODE_CLIENT_SECRET: 'enode-client-secret-xyz', ENODE_CLIENT_ID: 'client-1' },
            opened,
            tamper,
          ),
        ),
      ).rejects.toThrow('the setting ENODE_CLIENT_SECRET failed its integrity check');
    });
  });
}
