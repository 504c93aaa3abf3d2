import { DomainError, uuidv7, type Row } from '@forecourt/shared';
import type { Database, Queryable } from '../db/database.ts';
import type { SyncEngine } from '../sync/types.ts';
import { newDeviceSecret } from '../auth/device-credentials.ts';
import { assertCanEnrolDevice } from '../billing/store.ts';
import { isUniqueViolation } from '../unique-violation.ts';
import { SERVER_VERSION } from '../version.ts';
import { nextDeviceCode, TENANT_DEVICE_PREFIX } from './device-codes.ts';
import { hashEnrolmentCode } from './enrolment-codes.ts';

export interface EnrolmentDeps {
  readonly db: Database;
  readonly engine: SyncEngine;
  readonly clock: () => number;
}

export interface EnrolledDevice {
  deviceId: string;
  /** Shown once; the server keeps only its hash. The counter stores it in the OS keychain. */
  deviceSecret: string;
  tenantId: string;
  siteId: string | null;
  scope: 'site' | 'tenant';
  deviceCode: string;
  serverVersion: string;
}

interface ClaimedCode {
  tenantId: string;
  siteId: string | null;
  scope: 'site' | 'tenant';
}

/** Marks the code used in one statement, so two devices racing for one code cannot both win. */
async function claimCode(db: Queryable, codeHash: string, deviceId: string, nowIso: string): Promise<ClaimedCode> {
  const result = await db.query<{ tenant_id: string; site_id: string | null; scope: string }>(
    `UPDATE enrolment_codes SET used_at = $2, used_by_device = $3
      WHERE code_hash = $1 AND used_at IS NULL AND expires_at > $2
      RETURNING tenant_id, site_id, scope`,
    [codeHash, nowIso, deviceId],
  );
  const row = result.rows[0];
  if (!row) throw new DomainError('unauthenticated', 'enrolment code is unknown, already used or expired');
  return { tenantId: row.tenant_id, siteId: row.site_id, scope: row.scope === 'tenant' ? 'tenant' : 'site' };
}

async function releaseCode(db: Queryable, codeHash: string, deviceId: string): Promise<void> {
  await db.query(
    'UPDATE enrolment_codes SET used_at = NULL, used_by_device = NULL WHERE code_hash = $1 AND used_by_device = $2',
    [codeHash, deviceId],
  );
}

async function codePrefix(db: Queryable, claimed: ClaimedCode): Promise<string> {
  if (claimed.scope === 'tenant' || claimed.siteId === null) return TENANT_DEVICE_PREFIX;
  const site = await db.query<{ code: string }>(
    'SELECT code FROM sites WHERE id = $1 AND tenant_id = $2 AND deleted_at IS NULL',
    [claimed.siteId, claimed.tenantId],
  );
  const code = site.rows[0]?.code;
  if (!code) throw new DomainError('not-found', 'the site of this enrolment code no longer exists');
  return code;
}

const DEVICE_CODE_ATTEMPTS = 5;

/**
 * Writes the device row through the engine (so it replicates), taking the next free device code;
 * a concurrent enrolment that took the same code makes the unique index fail and we try the next.
 */
async function writeDeviceRow(
  deps: EnrolmentDeps,
  claimed: ClaimedCode,
  deviceId: string,
  name: string,
  nowIso: string,
) {
  const prefix = await codePrefix(deps.db, claimed);
  for (let attempt = 1; ; attempt++) {
    const code = await nextDeviceCode(deps.db, claimed.tenantId, prefix);
    const row: Row = {
      id: deviceId,
      tenant_id: claimed.tenantId,
      site_id: claimed.siteId,
      name,
      code,
      scope: claimed.scope,
      revoked_at: null,
      created_at: nowIso,
      updated_at: nowIso,
      deleted_at: null,
    };
    try {
      await deps.engine.writeRows(claimed.tenantId, [{ table: 'devices', row }]);
      return code;
    } catch (error) {
      if (!isUniqueViolation(error) || attempt >= DEVICE_CODE_ATTEMPTS) throw error;
    }
  }
}

/** Exchanges a one-time enrolment code for a device identity and its secret. */
export async function enrolDevice(deps: EnrolmentDeps, input: { code: string; name: string }): Promise<EnrolledDevice> {
  const nowMs = deps.clock();
  const nowIso = new Date(nowMs).toISOString();
  const deviceId = uuidv7(nowMs);
  const codeHash = hashEnrolmentCode(input.code);
  const claimed = await claimCode(deps.db, codeHash, deviceId, nowIso);
  const { secret, secretHash } = newDeviceSecret();
  try {
    // The tier's number of PCs (revoked ones do not count); refused, the code is released below.
    await assertCanEnrolDevice(deps.db, claimed.tenantId, nowMs);
    await deps.db.query(
      'INSERT INTO device_credentials (device_id, tenant_id, secret_hash, created_at) VALUES ($1, $2, $3, $4)',
      [deviceId, claimed.tenantId, secretHash, nowIso],
    );
    const deviceCode = await writeDeviceRow(deps, claimed, deviceId, input.name.trim(), nowIso);
    return { deviceId, deviceSecret: secret, ...claimed, deviceCode, serverVersion: SERVER_VERSION };
  } catch (error) {
    // Undo so that the code can be used again: the device was never created.
    await deps.db.query('DELETE FROM device_credentials WHERE device_id = $1', [deviceId]);
    await releaseCode(deps.db, codeHash, deviceId);
    throw error;
  }
}
