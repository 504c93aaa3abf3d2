import { DomainError, ROLES, uuidv7, type Role, type Row } from '@forecourt/shared';
import { assertEmailFree, normaliseEmail, requireText, withUserCredentials } from './credentials.ts';
import { isoNow, type AdminDeps } from './deps.ts';
import { defaultNameFromEmail } from './tenants.ts';

export interface CreateUserInput {
  tenantId: string;
  email: string;
  password: string;
  role: string;
  /** Required for managers, staff and viewers: the site they work at. */
  siteId?: string | undefined;
  /** Defaults to the part of the email before the @. */
  name?: string | undefined;
}

const isRole = (value: string): value is Role => (ROLES as readonly string[]).includes(value);

async function assertSiteOfTenant(deps: AdminDeps, tenantId: string, siteId: string): Promise<void> {
  const result = await deps.db.query('SELECT 1 FROM sites WHERE id = $1 AND tenant_id = $2 AND deleted_at IS NULL', [
    siteId,
    tenantId,
  ]);
  if (result.rows.length === 0) throw new DomainError('not-found', 'site not found in this tenant');
}

async function assertTenantExists(deps: AdminDeps, tenantId: string): Promise<void> {
  const result = await deps.db.query('SELECT 1 FROM tenants WHERE id = $1 AND deleted_at IS NULL', [tenantId]);
  if (result.rows.length === 0) throw new DomainError('not-found', 'tenant not found');
}

export async function createUser(deps: AdminDeps, input: CreateUserInput): Promise<{ userId: string }> {
  if (!isRole(input.role)) throw new DomainError('invalid', `role must be one of ${ROLES.join(', ')}`);
  const email = normaliseEmail(input.email);
  await assertTenantExists(deps, input.tenantId);
  if (input.siteId) await assertSiteOfTenant(deps, input.tenantId, input.siteId);
  else if (input.role !== 'owner') throw new DomainError('invalid', `a ${input.role} needs a site`);
  await assertEmailFree(deps.db, email);
  const nowIso = isoNow(deps);
  const userId = uuidv7(deps.clock());
  const user: Row = {
    id: userId,
    tenant_id: input.tenantId,
    email,
    name: requireText(input.name ?? defaultNameFromEmail(email), 'user name', 120),
    role: input.role,
    site_ids: input.siteId ? [input.siteId] : [],
    active: true,
    created_at: nowIso,
    updated_at: nowIso,
    deleted_at: null,
  };
  await withUserCredentials(deps.db, { userId, tenantId: input.tenantId, password: input.password, nowIso }, () =>
    deps.engine.writeRows(input.tenantId, [{ table: 'users', row: user }]),
  );
  return { userId };
}
