import Type from 'typebox';
import { Nullable } from './schemas.ts';

/**
 * A fleet vehicle's Enode link as the owner's "Link EV data" panel sees it (sync server
 * `/api/v1/integrations/enode/links`, owners only). Nothing of it is replicated: each call is
 * online. Spread into CONTRACT in contract.ts.
 */
const Uuid = Type.String({ pattern: '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$' });
const VehicleInput = Type.Object({ vehicleId: Uuid }, { additionalProperties: false });

export const EvLinkStateSchema = Type.Object({
  state: Type.Union([Type.Literal('none'), Type.Literal('pending'), Type.Literal('linked'), Type.Literal('failed')]),
  reason: Nullable(Type.String()),
  linkExpiresAt: Nullable(Type.String()),
  lastReadingAt: Nullable(Type.String()),
  /** No Enode account on the server: no link page to open. */
  sandbox: Type.Boolean(),
});

export const EV_LINK_CHANNELS = {
  'integrations:evLinkState': { input: VehicleInput, output: EvLinkStateSchema },
  /** A new single-use Enode link page for the car (24 hours); the owner opens it. */
  'integrations:evLink': {
    input: VehicleInput,
    output: Type.Object({ linkUrl: Type.String(), expiresAt: Type.String() }),
  },
  /** Enode forgets the car, then the server forgets the link. */
  'integrations:evUnlink': { input: VehicleInput, output: Type.Object({ unlinked: Type.Boolean() }) },
} as const;
