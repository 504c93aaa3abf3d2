import type { Queryable } from '../db/database.ts';

const LETTERS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';

/** A, B, ... Z, then AA, AB, ... ZZ: the suffixes a site's devices get in enrolment order. */
export function* deviceSuffixes(): Generator<string> {
  for (const letter of LETTERS) yield letter;
  for (const first of LETTERS) for (const second of LETTERS) yield `${first}${second}`;
}

/** Prefix of the codes of a site's devices (the site code) or of tenant-wide devices. */
export const TENANT_DEVICE_PREFIX = 'HQ';

/**
 * The next free device code for a prefix (site code + letter, e.g. BLR1A). Codes of revoked
 * devices stay taken: documents already carry them in their numbers. Checked against every code
 * of the tenant, so a site code that happens to look like another's device code cannot collide.
 */
export async function nextDeviceCode(db: Queryable, tenantId: string, prefix: string): Promise<string> {
  const result = await db.query<{ code: string }>(
    'SELECT code FROM devices WHERE tenant_id = $1 AND starts_with(code, $2)',
    [tenantId, prefix],
  );
  const taken = new Set(result.rows.map((row) => row.code));
  for (const suffix of deviceSuffixes()) {
    const code = `${prefix}${suffix}`;
    if (!taken.has(code)) return code;
  }
  throw new Error(`no device code left for prefix ${prefix}`);
}
