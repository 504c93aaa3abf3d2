import type { AsyncRowStore, SyncRowStore } from './port.ts';

export interface ManualTransaction {
  begin(): void;
  commit(): void;
  rollback(): void;
}

/**
 * Presents a synchronous store through the async port, for the conformance suite and tools.
 * better-sqlite3's own transaction() cannot span an await, so the adapter drives BEGIN/COMMIT by
 * hand; that is only sound while nothing else uses the connection meanwhile, which is true for
 * the callers of this adapter and never for the counter's mutation runner (which stays sync).
 */
export function asAsyncStore(store: SyncRowStore, manual: ManualTransaction): AsyncRowStore {
  const adapter: AsyncRowStore = {
    tenantId: store.tenantId,
    get: async (table, id) => store.get(table, id),
    find: async (table, where, options) => store.find(table, where, options),
    count: async (table, where) => store.count(table, where),
    insert: async (table, row) => store.insert(table, row),
    put: async (table, row) => store.put(table, row),
    remove: async (table, id) => store.remove(table, id),
    transaction: async (fn) => {
      manual.begin();
      try {
        const result = await fn(adapter);
        manual.commit();
        return result;
      } catch (error) {
        manual.rollback();
        throw error;
      }
    },
  };
  return adapter;
}
