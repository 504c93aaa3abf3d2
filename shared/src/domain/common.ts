import Type from 'typebox';
import { DomainError } from '../errors.ts';
import type { MutationContext } from '../mutations/types.ts';

export const Id = Type.String({ format: 'uuid', description: 'UUID' });
export const OptionalText = (maxLength: number) => Type.Optional(Type.Union([Type.String({ maxLength }), Type.Null()]));
export const Phone = Type.String({ pattern: '^\\+[1-9][0-9]{6,14}$', description: 'E.164, e.g. +919812345678' });
export const Email = Type.String({ pattern: '^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$', maxLength: 254 });
export const IsoTime = Type.String({
  pattern: '^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d{1,3})?Z$',
  description: 'UTC ISO-8601 timestamp',
});

/**
 * The site a new row belongs to: the device's own site, or for an owner's all-sites device the
 * site named in the input. Whether the actor may touch it is enforced when the change is applied.
 */
export function targetSite(input: { siteId?: string | undefined }, ctx: MutationContext): string {
  const siteId = input.siteId ?? ctx.deviceSiteId;
  if (!siteId) throw new DomainError('invalid', 'choose a site: this device works for all sites');
  return siteId;
}

/** Keeps only the keys the input actually carried, mapped to column names. */
export function presentFields(
  input: Record<string, unknown>,
  columns: Readonly<Record<string, string>>,
): Record<string, unknown> {
  const set: Record<string, unknown> = {};
  for (const [key, column] of Object.entries(columns)) {
    if (input[key] !== undefined) set[column] = input[key];
  }
  return set;
}

export function requireFound<T>(value: T | null | undefined, what: string): T {
  if (value === null || value === undefined) throw new DomainError('not-found', `${what} not found`);
  return value;
}
