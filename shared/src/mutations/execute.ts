import { Compile } from 'typebox/compile';
import type { TSchema } from 'typebox';
import { DomainError } from '../errors.ts';
import { tableSpec, type Row } from '../schema/tables.ts';
import type { AsyncRowStore, SyncRowStore } from '../store/port.ts';
import { siteAllowed } from './plan.ts';
import type { Decision, MutationContext, MutationDef, ReadRequest, ReadSpec } from './types.ts';

type AnyMutation = MutationDef<TSchema, ReadSpec>;
const validators = new WeakMap<TSchema, ReturnType<typeof Compile>>();

function validatorFor(schema: TSchema): ReturnType<typeof Compile> {
  let validator = validators.get(schema);
  if (!validator) {
    validator = Compile(schema);
    validators.set(schema, validator);
  }
  return validator;
}

/** Validates the arguments of a mutation against its input schema; a clear error names the field. */
export function validateInput(def: AnyMutation, args: unknown): unknown {
  const validator = validatorFor(def.input);
  if (validator.Check(args)) return args;
  const errors = [...validator.Errors(args)];
  // An unknown field shows up first as "schema is false": name the field instead.
  const unknown = errors.find((error) => error.keyword === 'additionalProperties');
  const extra = (unknown?.params as { additionalProperties?: unknown } | undefined)?.additionalProperties;
  if (Array.isArray(extra) && extra.length > 0) {
    throw new DomainError('invalid', `${def.name}: unknown field ${extra.map(String).join(', ')}`);
  }
  const first = errors[0];
  const where = first?.instancePath ? ` at ${first.instancePath}` : '';
  throw new DomainError('invalid', `${def.name}: ${first?.message ?? 'invalid input'}${where}`);
}

export function authorize(def: AnyMutation, ctx: MutationContext): void {
  if (!def.roles.includes(ctx.actor.role)) {
    throw new DomainError('forbidden', `${def.name} needs the role ${def.roles.join(' or ')}`);
  }
}

/** A row the actor may not see is treated as absent, so decide never learns it exists. */
function scoped(request: ReadRequest, row: Row | null, ctx: MutationContext): Row | null {
  if (!row || row.tenant_id !== ctx.tenantId) return null;
  if (tableSpec(request.table).scope === 'site' && !siteAllowed(ctx, row.site_id)) return null;
  return row;
}

export function resolveReadsSync(spec: ReadSpec, store: SyncRowStore, ctx: MutationContext): Record<string, unknown> {
  const state: Record<string, unknown> = {};
  for (const [key, request] of Object.entries(spec)) {
    if (request.kind === 'get') {
      const row = request.id ? store.get(request.table, request.id) : null;
      state[key] = row && !row.deleted_at ? scoped(request, row, ctx) : null;
    } else {
      const rows = store.find(request.table, request.where, { orderBy: request.orderBy, limit: request.limit });
      state[key] = rows.filter((row) => scoped(request, row, ctx) !== null);
    }
  }
  return state;
}

export async function resolveReadsAsync(
  spec: ReadSpec,
  store: AsyncRowStore,
  ctx: MutationContext,
): Promise<Record<string, unknown>> {
  const state: Record<string, unknown> = {};
  for (const [key, request] of Object.entries(spec)) {
    if (request.kind === 'get') {
      const row = request.id ? await store.get(request.table, request.id) : null;
      state[key] = row && !row.deleted_at ? scoped(request, row, ctx) : null;
    } else {
      const rows = await store.find(request.table, request.where, {
        orderBy: request.orderBy,
        limit: request.limit,
      });
      state[key] = rows.filter((row) => scoped(request, row, ctx) !== null);
    }
  }
  return state;
}

/** Runs decide with the state it asked for. The state object is built to match def.load's spec. */
export function runDecide(
  def: AnyMutation,
  input: unknown,
  state: Record<string, unknown>,
  ctx: MutationContext,
): Decision {
  // The state was resolved from def.load(input) just before, so it has exactly the spec's shape.
  return def.decide(input as never, state as never, ctx);
}
