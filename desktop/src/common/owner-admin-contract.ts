import Type from 'typebox';
import { Nullable, SessionUserSchema } from './schemas.ts';

/**
 * Contract channels of company administration: invites, deactivating people, revoking PCs,
 * adding sites and the number series report. Each is answered by the sync server as the signed-in
 * user (online only); the server checks the role, the counter only carries the token. Spread
 * into CONTRACT in contract.ts.
 */
const Text = (maxLength: number) => Type.String({ minLength: 1, maxLength });
const Strict = { additionalProperties: false } as const;
const InviteRole = Type.Union([Type.Literal('manager'), Type.Literal('staff')]);
const OptionalText = (maxLength: number) => Type.Optional(Nullable(Type.String({ maxLength })));

export const InviteSchema = Type.Object({
  id: Type.String(),
  code: Type.String(),
  siteId: Type.String(),
  role: InviteRole,
  expiresAt: Type.String(),
});

export const OpenInviteSchema = Type.Object({
  id: Type.String(),
  siteId: Type.String(),
  role: InviteRole,
  createdAt: Type.String(),
  expiresAt: Type.String(),
});

export const NumberSeriesSchema = Type.Object({
  clean: Type.Boolean(),
  series: Type.Array(
    Type.Object({
      series: Type.String(),
      kind: Type.String(),
      fiscalYear: Type.String(),
      siteId: Type.String(),
      count: Type.Integer(),
      first: Type.Integer(),
      last: Type.Integer(),
      duplicates: Type.Array(Type.Object({ seq: Type.Integer(), numbers: Type.Array(Type.String()) })),
      gaps: Type.Array(Type.Object({ from: Type.Integer(), to: Type.Integer() })),
      clashingNumbers: Type.Array(Type.String()),
    }),
  ),
});

export const OWNER_ADMIN_CHANNELS = {
  /** A one-time invite for a site and a role; the code is shown once (owners only). */
  'admin:createInvite': {
    input: Type.Object({ siteId: Text(64), role: InviteRole }, Strict),
    output: InviteSchema,
  },
  'admin:invites': { input: Type.Null(), output: Type.Array(OpenInviteSchema) },
  'admin:withdrawInvite': { input: Type.Object({ id: Text(64) }, Strict), output: Type.Null() },
  /** Deactivated people can no longer sign in, refresh or push; their sessions end. */
  'admin:setUserActive': {
    input: Type.Object({ userId: Text(64), active: Type.Boolean() }, Strict),
    output: Type.Object({ userId: Type.String(), active: Type.Boolean() }),
  },
  /** Another person's role (manager, staff, viewer) and site; never one's own, never the last owner. */
  'admin:setUserRole': {
    input: Type.Object(
      {
        userId: Text(64),
        role: Type.Union([Type.Literal('manager'), Type.Literal('staff'), Type.Literal('viewer')]),
        siteId: Text(64),
      },
      Strict,
    ),
    output: Type.Object({ userId: Type.String(), role: Type.String(), siteIds: Type.Array(Type.String()) }),
  },
  'admin:revokeDevice': {
    input: Type.Object({ deviceId: Text(64) }, Strict),
    output: Type.Object({ deviceId: Type.String(), revokedAt: Type.String() }),
  },
  'admin:createSite': {
    input: Type.Object(
      {
        name: Text(120),
        code: Type.String({ pattern: '^[A-Za-z0-9]{2,8}$' }),
        address: OptionalText(500),
        phone: OptionalText(30),
        taxId: OptionalText(40),
        /** CH/LI IBAN or QR-IBAN of the site's QR-bills; the server checks it (mod 97). */
        iban: OptionalText(42),
      },
      Strict,
    ),
    output: Type.Object({ siteId: Type.String() }),
  },
  /** Duplicates and gaps in invoice and contract numbers (owners only). */
  'admin:numberSeries': {
    input: Type.Object({ fiscalYear: Nullable(Type.String({ pattern: '^[0-9]{4}$' })) }, Strict),
    output: NumberSeriesSchema,
  },
  /** Joins the company with an invite code, then signs in on this PC with the new password. */
  'session:join': {
    input: Type.Object(
      { code: Text(32), name: Text(120), email: Text(254), password: Type.String({ minLength: 1, maxLength: 200 }) },
      Strict,
    ),
    output: SessionUserSchema,
  },
} as const;
