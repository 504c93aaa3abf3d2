import { DomainError, uuidv7, type Row } from '@forecourt/shared';
import type { Queryable } from '../db/database.ts';
import { isUniqueViolation } from '../unique-violation.ts';
import { requireText } from './credentials.ts';
import { COUNTRIES, isCountry, isoNow, type AdminDeps } from './deps.ts';

export interface CreateSiteInput {
  tenantId: string;
  name: string;
  /** 2-8 letters or digits, unique in the tenant; it starts every device code and document number. */
  code: string;
}

const SITE_CODE_PATTERN = /^[A-Z0-9]{2,8}$/;

export function normaliseSiteCode(code: string): string {
  const normalised = code.trim().toUpperCase();
  if (!SITE_CODE_PATTERN.test(normalised)) throw new DomainError('invalid', 'site code must be 2-8 letters or digits');
  return normalised;
}

async function tenantCountry(db: Queryable, tenantId: string) {
  const result = await db.query<{ country: string }>(
    'SELECT country FROM tenants WHERE id = $1 AND deleted_at IS NULL',
    [tenantId],
  );
  const country = result.rows[0]?.country;
  if (country === undefined) throw new DomainError('not-found', 'tenant not found');
  if (!isCountry(country)) throw new DomainError('invalid', `tenant has an unsupported country ${country}`);
  return country;
}

const codeTaken = () => new DomainError('conflict', 'this tenant already has a site with that code');

export async function createSite(deps: AdminDeps, input: CreateSiteInput): Promise<{ siteId: string }> {
  const name = requireText(input.name, 'site name', 120);
  const code = normaliseSiteCode(input.code);
  const country = await tenantCountry(deps.db, input.tenantId);
  const existing = await deps.db.query('SELECT 1 FROM sites WHERE tenant_id = $1 AND code = $2', [
    input.tenantId,
    code,
  ]);
  if (existing.rows.length > 0) throw codeTaken();
  const nowIso = isoNow(deps);
  const siteId = uuidv7(deps.clock());
  const site: Row = {
    id: siteId,
    tenant_id: input.tenantId,
    name,
    code,
    address: null,
    phone: null,
    tax_id: null,
    timezone: COUNTRIES[country].timezone,
    created_at: nowIso,
    updated_at: nowIso,
    deleted_at: null,
  };
  try {
    await deps.engine.writeRows(input.tenantId, [{ table: 'sites', row: site }]);
  } catch (error) {
    if (isUniqueViolation(error)) throw codeTaken();
    throw error;
  }
  return { siteId };
}
