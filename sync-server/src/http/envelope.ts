import Type, { type TSchema } from 'typebox';

/** `{ data, error: { code, message } }` for every failure under /api/v1 (DESIGN §5). */
export const ErrorEnvelope = Type.Object({
  data: Type.Null(),
  error: Type.Object({ code: Type.String(), message: Type.String() }),
});

/**
 * Response schemas of a route: the success envelope for `status`, the error envelope for the
 * rest. The success side has `error: null` only, so the serializer never has to guess a branch.
 */
export function envelopeResponses<T extends TSchema>(data: T, status: 200 | 201 = 200) {
  return {
    [status]: Type.Object({ data, error: Type.Null() }),
    '4xx': ErrorEnvelope,
    '5xx': ErrorEnvelope,
  };
}

export function ok<T>(data: T): { data: T; error: null } {
  return { data, error: null };
}

export function failure(code: string, message: string): { data: null; error: { code: string; message: string } } {
  return { data: null, error: { code, message } };
}
