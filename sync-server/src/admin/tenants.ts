import { DomainError, uuidv7, type Row } from '@forecourt/shared';
import { assertEmailFree, normaliseEmail, requireText, withUserCredentials } from './credentials.ts';
import { COUNTRIES, isCountry, isoNow, type AdminDeps } from './deps.ts';

export interface CreateTenantInput {
  name: string;
  country: string;
  ownerEmail: string;
  ownerPassword: string;
  /** Defaults to the part of the email before the @. */
  ownerName?: string;
}

export function defaultNameFromEmail(email: string): string {
  return email.split('@')[0] ?? email;
}

/** A company and its owner, who can then sign in on any device of it. */
export async function createTenant(
  deps: AdminDeps,
  input: CreateTenantInput,
): Promise<{ tenantId: string; ownerId: string }> {
  const name = requireText(input.name, 'tenant name', 120);
  if (!isCountry(input.country)) throw new DomainError('invalid', 'country must be IN or CH');
  const email = normaliseEmail(input.ownerEmail);
  await assertEmailFree(deps.db, email);
  const nowIso = isoNow(deps);
  const tenantId = uuidv7(deps.clock());
  const ownerId = uuidv7(deps.clock());
  const tenant: Row = {
    id: tenantId,
    tenant_id: tenantId,
    name,
    country: input.country,
    currency: COUNTRIES[input.country].currency,
    created_at: nowIso,
    updated_at: nowIso,
    deleted_at: null,
  };
  const owner: Row = {
    id: ownerId,
    tenant_id: tenantId,
    email,
    name: requireText(input.ownerName ?? defaultNameFromEmail(email), 'owner name', 120),
    role: 'owner',
    site_ids: [],
    active: true,
    created_at: nowIso,
    updated_at: nowIso,
    deleted_at: null,
  };
  await withUserCredentials(deps.db, { userId: ownerId, tenantId, password: input.ownerPassword, nowIso }, () =>
    deps.engine.writeRows(tenantId, [
      { table: 'tenants', row: tenant },
      { table: 'users', row: owner },
    ]),
  );
  return { tenantId, ownerId };
}
