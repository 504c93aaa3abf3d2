import { execFile } from 'node:child_process';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const BIN = fileURLToPath(new URL('../../bin/forecourt-server.js', import.meta.url));

interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** `forecourt-server settings …` run as an operator would, on a PGlite folder of its own. */
describe('forecourt-server settings', () => {
  let dataDir: string;
  const env: NodeJS.ProcessEnv = { ...process.env, LOG_LEVEL: 'warn' };
  delete env.DATABASE_URL;
  delete env.FORECOURT_DATA_DIR;
  delete env.FORECOURT_SETTINGS_KEY;
  delete env.STRIPE_WEBHOOK_SECRET;
  delete env.ENODE_WEBHOOK_SECRET;

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'forecourt-settings-cli-'));
  });
  afterAll(() => rm(dataDir, { recursive: true, force: true }));

  const run = (args: string[], extraEnv: NodeJS.ProcessEnv = {}, input?: string) =>
    new Promise<CliResult>((resolve) => {
      const child = execFile(
        BIN,
        [...args, '--data', dataDir],
        { env: { ...env, ...extraEnv } },
        (error, stdout, stderr) => resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
      );
      child.stdin?.end(input ?? '');
    });
  const json = (result: CliResult) => {
    expect(result.code, result.stderr).toBe(0);
    return JSON.parse(result.stdout) as Record<string, unknown>; // one JSON object per command
  };

  it('sets, lists (last four only), and unsets; the key file is 0600', { timeout: 180_000 }, async () => {
    const stripe = 'whsec_cli_secret_value_0123456789abWXYZ';
    const enode = 'enode-cli-piped-secret-5678';
    const set = json(await run(['settings', 'set', 'STRIPE_WEBHOOK_SECRET', stripe]));
    expect(set).toMatchObject({ set: 'STRIPE_WEBHOOK_SECRET', last4: 'WXYZ', note: expect.stringMatching(/restart/) });
    expect((await stat(join(dataDir, 'settings.key'))).mode & 0o777).toBe(0o600);
    // Without VALUE it is read from the pipe (kept out of the shell history).
    expect(json(await run(['settings', 'set', 'ENODE_WEBHOOK_SECRET'], {}, `${enode}\n`))).toMatchObject({
      set: 'ENODE_WEBHOOK_SECRET',
      last4: '5678',
    });

    const listed = await run(['settings', 'list'], { ENODE_WEBHOOK_SECRET: 'enode-env-secret-aaaa' });
    expect(json(listed).settings).toEqual([
      { name: 'STRIPE_WEBHOOK_SECRET', source: 'settings', last4: 'WXYZ', updatedAt: expect.any(String) },
      { name: 'ENODE_WEBHOOK_SECRET', source: 'env+settings', last4: '5678', updatedAt: expect.any(String) },
    ]);
    for (const secret of [stripe, enode, 'enode-env-secret-aaaa'])
      expect(listed.stdout + listed.stderr + JSON.stringify(set)).not.toContain(secret);

    // With another master key the list says which key it needs instead of showing garbage.
    const wrong = json(
      await run(['settings', 'list'], { FORECOURT_SETTINGS_KEY: Buffer.alloc(32, 7).toString('base64') }),
    );
    expect(JSON.stringify(wrong)).toMatch(
      /STRIPE_WEBHOOK_SECRET was encrypted with master key [0-9a-f]{16}, but the master key in use/,
    );

    expect(json(await run(['settings', 'unset', 'ENODE_WEBHOOK_SECRET']))).toMatchObject({ removed: true });
    expect((json(await run(['settings', 'list'])).settings as { name: string }[]).map((s) => s.name)).toEqual([
      'STRIPE_WEBHOOK_SECRET',
    ]);
  });

  it('refuses an unknown name and an empty value with a clear error', { timeout: 60_000 }, async () => {
    const unknown = await run(['settings', 'set', 'DATABASE_URL', 'postgres://x']);
    expect(unknown.code).toBe(1);
    expect(JSON.parse(unknown.stderr.trim().split('\n').pop() ?? '{}')).toEqual({
      error: {
        code: 'invalid',
        message: expect.stringMatching(/^"DATABASE_URL" is not a setting; use one of STRIPE_SECRET_KEY, /),
      },
    });
    const empty = await run(['settings', 'set', 'TWILIO_AUTH_TOKEN'], {}, '   \n');
    expect(empty.code).toBe(1);
    expect(empty.stderr).toContain('a value for TWILIO_AUTH_TOKEN is required');
  });
});
