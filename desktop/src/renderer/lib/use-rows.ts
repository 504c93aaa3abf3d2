import { useCallback, useEffect, useRef, useState } from 'react';
import type { Row, TableName } from '@forecourt/shared/schema/tables';
import type { ChannelInput } from '../../common/contract.ts';
import { useApi } from '../app/context.tsx';
import { asSentence } from './format.ts';

type QueryOptions = NonNullable<ChannelInput<'data:query'>['options']>;

export interface RowsResult {
  readonly rows: readonly Row[];
  readonly loading: boolean;
  readonly error: string | null;
}

/**
 * Rows of one table from the replica, read again whenever the core says the table changed (a
 * local mutation, or a pull from the server). `options` is compared by value.
 */
export function useRows(table: TableName, options?: QueryOptions, enabled = true): RowsResult {
  const api = useApi();
  const key = JSON.stringify(options ?? {});
  const [state, setState] = useState<RowsResult>({ rows: [], loading: enabled, error: null });
  const latest = useRef(0);

  const load = useCallback(() => {
    if (!enabled) return;
    const ticket = ++latest.current;
    const parsed: QueryOptions = JSON.parse(key) as QueryOptions; // the key is our own JSON of QueryOptions
    api.call('data:query', { table, options: parsed }).then(
      (rows) => ticket === latest.current && setState({ rows, loading: false, error: null }),
      (error: unknown) =>
        ticket === latest.current && setState((old) => ({ ...old, loading: false, error: messageOf(error) })),
    );
  }, [api, table, key, enabled]);

  useEffect(() => {
    load();
    return api.onEvent((event) => {
      if (event.type === 'data' && event.tables.includes(table)) load();
    });
  }, [api, table, load]);
  return state;
}

/** One row, kept fresh like useRows; `row` is null while loading or when it does not exist. */
export function useRow(table: TableName, id: string | null | undefined): { row: Row | null; loading: boolean } {
  const api = useApi();
  const [state, setState] = useState<{ row: Row | null; loading: boolean }>({ row: null, loading: Boolean(id) });
  useEffect(() => {
    if (!id) {
      setState({ row: null, loading: false });
      return undefined;
    }
    let alive = true;
    const load = () =>
      api.call('data:get', { table, id }).then(
        (row) => alive && setState({ row, loading: false }),
        () => alive && setState({ row: null, loading: false }),
      );
    void load();
    const stop = api.onEvent((event) => {
      if (event.type === 'data' && event.tables.includes(table)) void load();
    });
    return () => {
      alive = false;
      stop();
    };
  }, [api, table, id]);
  return state;
}

/** An error as a sentence for the screen: the core's messages are lower-case fragments. */
export function messageOf(error: unknown): string {
  return asSentence(error instanceof Error ? error.message : String(error)) || 'Something went wrong.';
}
