/**
 * A provider's answer that was not a success. `status` is the HTTP status, or null when no answer
 * came (network error, timeout): the request may or may not have been acted on.
 */
export class ProviderError extends Error {
  constructor(
    readonly provider: string,
    readonly status: number | null,
    readonly code: string | null,
    message: string,
  ) {
    super(message);
    this.name = 'ProviderError';
  }

  /** No answer, or the provider's own failure: the outcome of the request is unknown. */
  get ambiguous(): boolean {
    return this.status === null || this.status >= 500;
  }

  /** Worth trying again later with the same request (rate limited, or a 5xx with an idempotency key). */
  get retryable(): boolean {
    return this.status === null || this.status === 429 || this.status >= 500;
  }
}
