import { createEnrolmentCode as createCode, type EnrolmentTarget } from '../devices/enrolment-codes.ts';
import type { AdminDeps } from './deps.ts';

/** An enrolment code issued by the operator (CLI, seeding) rather than by a signed-in user. */
export async function createEnrolmentCode(
  deps: Pick<AdminDeps, 'db' | 'clock'>,
  target: EnrolmentTarget,
): Promise<{ code: string; expiresAt: string; tenantId: string; siteId: string | null }> {
  const created = await createCode(deps, target);
  return { code: created.code, expiresAt: created.expiresAt, tenantId: created.tenantId, siteId: created.siteId };
}
