import Type from 'typebox';
import { Nullable } from './schemas.ts';

/**
 * The owner's "Card readers" panel on the integrations page: the tenant's Stripe Terminal
 * readers per site, and registering one in live mode (sync server `/api/v1/integrations/terminal/
 * readers`; the server checks the role and the tenant). Online only. Spread into CONTRACT.
 */
const Uuid = Type.String({ pattern: '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$' });

export const TerminalReaderSchema = Type.Object({
  id: Type.String(),
  siteId: Type.String(),
  label: Type.String(),
  deviceType: Nullable(Type.String()),
  mode: Type.Union([Type.Literal('live'), Type.Literal('sandbox')]),
  /** Stripe's reader (`tmr_…`) and Terminal location (`tml_…`); null from an older server. */
  stripeReaderId: Nullable(Type.String()),
  locationId: Nullable(Type.String()),
  /** A card-present attempt is open on it right now. */
  busy: Type.Boolean(),
});

export const TERMINAL_READER_CHANNELS = {
  'integrations:terminalReaders': {
    input: Type.Null(),
    output: Type.Object({
      mode: Type.Union([Type.Literal('live'), Type.Literal('sandbox')]),
      readers: Type.Array(TerminalReaderSchema),
    }),
  },
  /** Live only: the code the reader shows, a label, the Stripe location and the site. */
  'integrations:registerTerminalReader': {
    input: Type.Object(
      {
        requestId: Uuid,
        siteId: Uuid,
        registrationCode: Type.String({ minLength: 1, maxLength: 64 }),
        label: Type.String({ minLength: 1, maxLength: 80 }),
        locationId: Type.String({ minLength: 1, maxLength: 80 }),
      },
      { additionalProperties: false },
    ),
    output: TerminalReaderSchema,
  },
} as const;
