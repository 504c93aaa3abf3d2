/**
 * Expected failures. Anything thrown that is not a DomainError is a bug: it is logged with its
 * stack and answered with a generic message.
 */
export const ERROR_CODES = [
  'invalid',
  'not-found',
  'conflict',
  'forbidden',
  'unauthenticated',
  'protocol-mismatch',
  'rate-limited',
  'unavailable',
  /** The tenant's plan does not allow it (a tier limit, or read-only after a lapsed subscription). */
  'payment-required',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export const HTTP_STATUS: Record<ErrorCode, number> = {
  invalid: 400,
  unauthenticated: 401,
  forbidden: 403,
  'not-found': 404,
  conflict: 409,
  'protocol-mismatch': 426,
  'rate-limited': 429,
  unavailable: 503,
  'payment-required': 402,
};

export class DomainError extends Error {
  readonly code: ErrorCode;
  /** Optional machine-readable detail (field paths, limits); never secrets or personal data. */
  readonly details: Record<string, unknown> | undefined;

  constructor(code: ErrorCode, message: string, details?: Record<string, unknown>) {
    super(message);
    this.name = 'DomainError';
    this.code = code;
    this.details = details;
  }

  toJSON(): { code: ErrorCode; message: string } {
    return { code: this.code, message: this.message };
  }
}

export function isDomainError(error: unknown): error is DomainError {
  return error instanceof DomainError;
}

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && (ERROR_CODES as readonly string[]).includes(value);
}
