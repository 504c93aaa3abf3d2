import { DomainError, uuidv7 } from '@forecourt/shared';
import { ProviderError } from '../provider-error.ts';
import { busySince, checkSite, nowIsoOf, type ReaderRow, type TerminalActor, type TerminalDeps } from './terminal.ts';

/** The Stripe Terminal readers of a tenant's sites: listing them, and registering one (live mode). */
export interface ReaderEntry {
  readonly id: string;
  readonly siteId: string;
  readonly label: string;
  readonly deviceType: string | null;
  readonly mode: string;
  /** Stripe's ids (`tmr_…`, `tml_…`), shown on the owner's card-readers panel. */
  readonly stripeReaderId: string;
  readonly locationId: string | null;
  /** An attempt is open on it (another counter is taking a card). */
  readonly busy: boolean;
}

/**
 * The readers the user may use: those of their sites (an owner: all the tenant's). In sandbox
 * mode each site gets its simulated reader the first time it is listed.
 */
export async function listReaders(
  deps: TerminalDeps,
  actor: TerminalActor,
  siteId: string | null,
): Promise<ReaderEntry[]> {
  if (siteId) checkSite(actor, siteId);
  const sandboxId = deps.provider.terminal.sandboxReaderId;
  if (deps.provider.mode === 'sandbox' && sandboxId) {
    const sites = await deps.db.query<{ id: string; name: string }>(
      'SELECT id, name FROM sites WHERE tenant_id = $1 AND deleted_at IS NULL',
      [actor.tenantId],
    );
    const nowIso = nowIsoOf(deps);
    for (const site of sites.rows) {
      if (actor.siteIds && !actor.siteIds.includes(site.id)) continue;
      await deps.db.query(
        `INSERT INTO terminal_readers (id, tenant_id, site_id, stripe_reader_id, label, device_type, mode, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, 'simulated_wisepos_e', 'sandbox', $6, $6) ON CONFLICT (stripe_reader_id) DO NOTHING`,
        [uuidv7(deps.clock()), actor.tenantId, site.id, sandboxId(site.id), `Simulated reader, ${site.name}`, nowIso],
      );
    }
  }
  const rows = await deps.db.query<ReaderRow & { busy: boolean }>(
    `SELECT r.*, EXISTS (SELECT 1 FROM terminal_attempts a WHERE a.stripe_reader_id = r.stripe_reader_id
              AND a.status IN ('requested', 'waiting') AND a.created_at > $3) AS busy
       FROM terminal_readers r
      WHERE r.tenant_id = $1 AND r.removed_at IS NULL AND r.mode = $2
      ORDER BY r.label, r.id`,
    [actor.tenantId, deps.provider.mode, busySince(deps)],
  );
  return rows.rows
    .filter((row) => (!siteId || row.site_id === siteId) && (!actor.siteIds || actor.siteIds.includes(row.site_id)))
    .map((row) => ({
      id: row.id,
      siteId: row.site_id,
      label: row.label,
      deviceType: row.device_type,
      mode: row.mode,
      stripeReaderId: row.stripe_reader_id,
      locationId: row.location_id ?? null,
      busy: Boolean(row.busy),
    }));
}

/**
 * Registers a smart reader with the code it shows (live mode). A synchronous call: the person
 * at the counter waits to learn whether the code was accepted; the key makes a retry the same
 * registration.
 */
export async function registerReader(
  deps: TerminalDeps,
  actor: TerminalActor,
  input: { requestId: string; siteId: string; registrationCode: string; label: string; locationId: string },
): Promise<ReaderEntry> {
  checkSite(actor, input.siteId);
  if (deps.provider.mode === 'sandbox')
    throw new DomainError('conflict', 'the sandbox has one simulated reader per site; nothing to register');
  const site = await deps.db.query('SELECT 1 FROM sites WHERE id = $1 AND tenant_id = $2 AND deleted_at IS NULL', [
    input.siteId,
    actor.tenantId,
  ]);
  if (site.rows.length === 0) throw new DomainError('not-found', 'site not found');
  let reader;
  try {
    reader = await deps.provider.terminal.registerReader({
      registrationCode: input.registrationCode,
      label: input.label,
      locationId: input.locationId,
      metadata: { tenant_id: actor.tenantId, site_id: input.siteId },
      idempotencyKey: `terminal-reader:${input.requestId}`,
    });
  } catch (error) {
    if (error instanceof ProviderError && error.status !== null && error.status < 500 && error.status !== 429)
      throw new DomainError('invalid', `Stripe refused the reader: ${error.message}`);
    throw new DomainError('unavailable', 'Stripe could not be reached; try again');
  }
  const nowIso = nowIsoOf(deps);
  const id = uuidv7(deps.clock());
  await deps.db.query(
    `INSERT INTO terminal_readers (id, tenant_id, site_id, stripe_reader_id, label, device_type, location_id, mode, registered_by, created_at, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, 'live', $8, $9, $9) ON CONFLICT (stripe_reader_id) DO NOTHING`,
    [
      id,
      actor.tenantId,
      input.siteId,
      reader.id,
      input.label,
      reader.deviceType,
      reader.locationId,
      actor.userId,
      nowIso,
    ],
  );
  const stored = (
    await deps.db.query<ReaderRow>('SELECT * FROM terminal_readers WHERE stripe_reader_id = $1', [reader.id])
  ).rows[0];
  if (!stored || stored.tenant_id !== actor.tenantId)
    throw new DomainError('conflict', 'this reader is registered to another company');
  return {
    id: stored.id,
    siteId: stored.site_id,
    label: stored.label,
    deviceType: stored.device_type,
    mode: stored.mode,
    stripeReaderId: stored.stripe_reader_id,
    locationId: stored.location_id ?? null,
    busy: false,
  };
}
