import Type from 'typebox';
import { DomainError } from '../../errors.ts';
import {
  defineMutation,
  find,
  get,
  insert,
  OWNER_ONLY,
  update,
  type Change,
  type MutationContext,
} from '../../mutations/types.ts';
import type { Row } from '../../schema/table-spec.ts';
import { Email, Id, OptionalText, requireFound } from '../common.ts';
import { describeGstinProblem, gstinProblem, gstinStateCode, isGstStateCode, normaliseGstin } from './gstin.ts';
import { tenantCountry } from './rows.ts';
import { formatSwissUid, parseSwissUid } from './swiss-uid.ts';
import type { TaxCountry } from './tax-rates.ts';
import { isValidVpa } from './upi.ts';

/** A logo small enough to sync with the row and embed in every PDF. */
export const MAX_LOGO_CHARS = 300_000;
const LOGO_PATTERN = '^data:image/(png|jpeg);base64,[A-Za-z0-9+/=]+$';

/** The tax id as stored: a GSTIN with a valid check character, or a Swiss UID / VAT number. */
export function normaliseTaxId(country: TaxCountry, value: string): string {
  if (country === 'IN') {
    const problem = gstinProblem(value);
    if (problem) throw new DomainError('invalid', describeGstinProblem(value, problem));
    return normaliseGstin(value);
  }
  const uid = parseSwissUid(value);
  if (!uid)
    throw new DomainError('invalid', `${value.trim()} is not a valid Swiss UID / VAT number (CHE-123.456.789 MWST)`);
  return formatSwissUid(uid);
}

const PROFILE_FIELDS = {
  legalName: 'legal_name',
  email: 'email',
  logoDataUrl: 'logo_data_url',
  documentFooter: 'document_footer',
  upiVpa: 'upi_vpa',
  upiPayeeName: 'upi_payee_name',
  bankDetails: 'bank_details',
} as const;

function profileValues(input: Record<string, unknown>): Record<string, unknown> {
  const set: Record<string, unknown> = {};
  for (const [key, column] of Object.entries(PROFILE_FIELDS)) {
    const value = input[key];
    if (value !== undefined) set[column] = typeof value === 'string' ? value.trim() || null : value;
  }
  return set;
}

/** India: the workshop's state comes from its GSTIN; without one it must be named. */
function stateCode(
  country: TaxCountry,
  taxId: string | null,
  given: string | null | undefined,
  current: unknown,
): string | null {
  if (country !== 'IN') return null;
  const fromGstin = taxId ? gstinStateCode(taxId) : null;
  const code = given ?? fromGstin ?? (typeof current === 'string' ? current : null);
  if (code !== null && !isGstStateCode(code)) throw new DomainError('invalid', `${code} is not a GST state code`);
  if (fromGstin && code !== fromGstin)
    throw new DomainError('invalid', `the GSTIN is registered in state ${fromGstin}, not ${code}`);
  return code;
}

export const workshopUpdateProfile = defineMutation({
  name: 'workshop.updateProfile',
  description: 'Set what a workshop prints on its documents: tax id, legal name, logo, footer, UPI id (owners only)',
  roles: OWNER_ONLY,
  input: Type.Object(
    {
      siteId: Id,
      taxId: OptionalText(40),
      stateCode: Type.Optional(Type.Union([Type.String({ pattern: '^[0-9]{2}$' }), Type.Null()])),
      legalName: OptionalText(200),
      email: Type.Optional(Type.Union([Email, Type.Null()])),
      logoDataUrl: Type.Optional(
        Type.Union([Type.String({ pattern: LOGO_PATTERN, maxLength: MAX_LOGO_CHARS }), Type.Null()]),
      ),
      documentFooter: OptionalText(1000),
      upiVpa: OptionalText(100),
      upiPayeeName: OptionalText(100),
      bankDetails: OptionalText(500),
    },
    { additionalProperties: false },
  ),
  load: (input, ctx) => ({
    site: get('sites', input.siteId),
    profiles: find('site_profiles', { site_id: input.siteId }),
    tenant: get('tenants', ctx.tenantId),
  }),
  decide(input, state, ctx) {
    const site = requireFound(state.site, 'site');
    const profile = state.profiles.find((row) => !row.deleted_at) ?? null;
    const country = tenantCountry(state.tenant);
    if (input.upiVpa && !isValidVpa(input.upiVpa.trim()))
      throw new DomainError('invalid', `${input.upiVpa} is not a UPI id (name@bank)`);
    const changes: Change[] = [];
    let taxId = typeof site.tax_id === 'string' ? site.tax_id : null;
    if (input.taxId !== undefined) {
      taxId = input.taxId?.trim() ? normaliseTaxId(country, input.taxId) : null;
      if (taxId !== site.tax_id) changes.push(update('sites', site.id, { tax_id: taxId }));
    }
    const values = {
      ...profileValues(input),
      country,
      state_code: stateCode(country, taxId, input.stateCode, profile?.state_code),
    };
    changes.push(profileChange(site, profile, values, ctx));
    return { changes, result: { siteId: site.id, taxId } };
  },
});

function profileChange(site: Row, profile: Row | null, values: Record<string, unknown>, ctx: MutationContext): Change {
  if (profile) return update('site_profiles', profile.id, values);
  return insert('site_profiles', { id: ctx.newId(), site_id: site.id, ...values });
}
