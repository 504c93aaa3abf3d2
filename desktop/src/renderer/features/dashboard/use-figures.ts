import { useEffect, useRef, useState } from 'react';
import type { Channel, ChannelInput, ChannelOutput } from '../../../common/contract.ts';
import { useApi } from '../../app/context.tsx';
import { messageOf } from '../../lib/use-rows.ts';

/** The tables the figures are computed from: a change to any of them means read again. */
const FIGURE_TABLES = ['jobs', 'payments', 'invoices', 'settlements', 'job_lines'];

export interface FiguresResult<T> {
  readonly data: T | null;
  readonly error: string | null;
}

/**
 * A figures channel's answer, computed by the core from the replica (so it works offline), asked
 * again whenever a local change or a pull touches a table the figures come from. `input` is
 * compared by value; the last answer stays on screen while the next one is computed.
 */
export function useFigures<C extends Channel>(channel: C, input: ChannelInput<C>): FiguresResult<ChannelOutput<C>> {
  const api = useApi();
  const key = JSON.stringify(input);
  const [state, setState] = useState<FiguresResult<ChannelOutput<C>>>({ data: null, error: null });
  const latest = useRef(0);
  useEffect(() => {
    const parsed = JSON.parse(key) as ChannelInput<C>; // the key is our own JSON of the input
    const load = () => {
      const ticket = ++latest.current;
      api.call(channel, parsed).then(
        (data) => ticket === latest.current && setState({ data, error: null }),
        (error: unknown) => ticket === latest.current && setState((old) => ({ ...old, error: messageOf(error) })),
      );
    };
    load();
    return api.onEvent((event) => {
      if (event.type === 'data' && event.tables.some((table) => FIGURE_TABLES.includes(table))) load();
    });
  }, [api, channel, key]);
  return state;
}
