import { listReaders, registerReader, type ReaderEntry } from './terminal-readers.ts';
import {
  cancelAttempt,
  getAttempt,
  presentTestCard,
  startTerminalDepositHold,
  startTerminalPayment,
  type AttemptView,
  type TerminalActor,
  type TerminalDeps,
} from './terminal.ts';

/** The hub's face of the card-present flows, for the routes. */
export interface TerminalService {
  listReaders(actor: TerminalActor, siteId: string | null): Promise<ReaderEntry[]>;
  registerReader(actor: TerminalActor, input: Parameters<typeof registerReader>[2]): Promise<ReaderEntry>;
  startPayment(
    actor: TerminalActor,
    input: Parameters<typeof startTerminalPayment>[2],
  ): Promise<{ attemptId: string; callId: string }>;
  startDepositHold(
    actor: TerminalActor,
    input: Parameters<typeof startTerminalDepositHold>[2],
  ): Promise<{ attemptId: string; callId: string }>;
  attempt(actor: TerminalActor, attemptId: string): Promise<AttemptView>;
  cancel(actor: TerminalActor, attemptId: string): Promise<{ callId: string }>;
  presentTestCard(
    actor: TerminalActor,
    input: { readerId: string; cardNumber: string | null },
  ): Promise<{ action: string | null }>;
  readonly mode: 'live' | 'sandbox';
}

export function terminalService(deps: TerminalDeps): TerminalService {
  return {
    mode: deps.provider.mode,
    listReaders: (actor, siteId) => listReaders(deps, actor, siteId),
    registerReader: (actor, input) => registerReader(deps, actor, input),
    startPayment: (actor, input) => startTerminalPayment(deps, actor, input),
    startDepositHold: (actor, input) => startTerminalDepositHold(deps, actor, input),
    attempt: (actor, attemptId) => getAttempt(deps, actor, attemptId),
    cancel: (actor, attemptId) => cancelAttempt(deps, actor, attemptId),
    presentTestCard: (actor, input) => presentTestCard(deps, actor, input),
  };
}
