import { isDomainError } from '@forecourt/shared';

/**
 * True for a unique-index violation (SQLSTATE 23505), whether the database error arrives as is,
 * wrapped as a cause, or already translated into a DomainError `conflict` by the sync engine.
 */
export function isUniqueViolation(error: unknown): boolean {
  if (isDomainError(error)) return error.code === 'conflict';
  if (typeof error !== 'object' || error === null) return false;
  if ('code' in error && error.code === '23505') return true;
  return 'cause' in error && error.cause !== error && isUniqueViolation(error.cause);
}
