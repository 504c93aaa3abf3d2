import { DomainError } from '@forecourt/shared';
import type { Logger } from 'pino';
import { createEnrolmentCode, createSite, createTenant, createUser, type AdminDeps } from '../admin/index.ts';
import type { ServerConfig } from '../config.ts';
import { openServerDatabase } from '../open-database.ts';
import { createSyncEngine } from '../sync/engine.ts';
import { optionalOption, requireOption, type CliValues } from './arguments.ts';

type AdminAction = (deps: AdminDeps) => Promise<Record<string, unknown>>;

/**
 * Each command reads its options first and returns the action to run, so that a missing option
 * fails at once, before the database is opened.
 */
const COMMANDS: Readonly<Record<string, (values: CliValues) => AdminAction>> = {
  'create-tenant': (values) => {
    const input = {
      name: requireOption(values, 'name'),
      country: requireOption(values, 'country').toUpperCase(),
      ownerEmail: requireOption(values, 'owner-email'),
      ownerPassword: requireOption(values, 'owner-password'),
      ownerName: optionalOption(values, 'owner-name'),
    };
    return (deps) => createTenant(deps, input);
  },
  'create-site': (values) => {
    const input = {
      tenantId: requireOption(values, 'tenant'),
      name: requireOption(values, 'name'),
      code: requireOption(values, 'code'),
    };
    return (deps) => createSite(deps, input);
  },
  'create-user': (values) => {
    const input = {
      tenantId: requireOption(values, 'tenant'),
      email: requireOption(values, 'email'),
      password: requireOption(values, 'password'),
      role: requireOption(values, 'role'),
      siteId: optionalOption(values, 'site'),
      name: optionalOption(values, 'name'),
    };
    return (deps) => createUser(deps, input);
  },
  'enrol-code': (values) => {
    const siteId = optionalOption(values, 'site');
    const tenantId = optionalOption(values, 'tenant');
    if (siteId) return (deps) => createEnrolmentCode(deps, { siteId });
    if (tenantId && values['all-sites']) return (deps) => createEnrolmentCode(deps, { tenantId, scope: 'tenant' });
    throw new DomainError('invalid', 'give --site S, or --tenant T --all-sites');
  },
};

/** Runs one admin command against the configured database, through the sync engine. */
export async function runAdminCommand(
  name: string | undefined,
  values: CliValues,
  config: ServerConfig,
  logger: Logger,
): Promise<Record<string, unknown>> {
  const command = name ? COMMANDS[name] : undefined;
  if (!command)
    throw new DomainError('invalid', `unknown admin command; use one of ${Object.keys(COMMANDS).join(', ')}`);
  const action = command(values);
  const db = await openServerDatabase(config, logger);
  const engine = createSyncEngine({ db, logger, clock: Date.now });
  try {
    return await action({ db, engine, clock: Date.now });
  } finally {
    await engine.stop();
    await db.close();
  }
}
