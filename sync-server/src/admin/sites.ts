import { DomainError, uuidv7, type Row } from '@forecourt/shared';
import { normalisePhone } from '@forecourt/shared/domain/garage/phone';
import { normaliseTaxId } from '@forecourt/shared/domain/garage/workshop';
import { normaliseSiteIban } from '@forecourt/shared/domain/sites/iban';
import type { Queryable } from '../db/database.ts';
import { isUniqueViolation } from '../unique-violation.ts';
import { requireText } from './credentials.ts';
import { COUNTRIES, isCountry, isoNow, type AdminDeps, type Country } from './deps.ts';

export interface CreateSiteInput {
  tenantId: string;
  name: string;
  /** 2-8 letters or digits, unique in the tenant; it starts every device code and document number. */
  code: string;
  address?: string | null | undefined;
  /** National or international; stored in E.164. */
  phone?: string | null | undefined;
  /** A GSTIN (India) or a Swiss UID / VAT number, checked with its check character. */
  taxId?: string | null | undefined;
  /** The account of the site's Swiss QR-bills: a CH/LI IBAN or QR-IBAN with a valid mod-97 check. */
  iban?: string | null | undefined;
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

const blank = (value: string | null | undefined): value is null | undefined => !value?.trim();

/** Address, phone, tax id and IBAN as stored, each validated (the same checks as site.update). */
export function siteContactFields(
  country: Country,
  input: Pick<CreateSiteInput, 'address' | 'phone' | 'taxId' | 'iban'>,
) {
  return {
    address: blank(input.address) ? null : requireText(input.address, 'address', 500),
    phone: blank(input.phone) ? null : normalisePhone(input.phone, country),
    tax_id: blank(input.taxId) ? null : normaliseTaxId(country, input.taxId),
    iban: blank(input.iban) ? null : normaliseSiteIban(input.iban),
  };
}

export async function createSite(deps: AdminDeps, input: CreateSiteInput): Promise<{ siteId: string }> {
  const name = requireText(input.name, 'site name', 120);
  const code = normaliseSiteCode(input.code);
  const country = await tenantCountry(deps.db, input.tenantId);
  const contact = siteContactFields(country, input);
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
    ...contact,
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
