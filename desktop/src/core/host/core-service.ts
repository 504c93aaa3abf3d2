import type { ChannelHandlers, CoreChannel, EventListener, Unsubscribe } from '../../common/api.ts';
import type { CounterApi } from '../counter-api.ts';
import { createCoreHandlers, type EnrolmentCodeIssuer } from './core-handlers.ts';
import { createDocumentRenderer } from './documents.ts';
import type { CounterPaymentHandlers } from './counter-payments.ts';
import type { BillingHandlers } from './billing.ts';
import type { IntegrationHandlers } from './integrations.ts';
import type { OwnerAdminHandlers } from './owner-admin.ts';
import { createSearchIndex } from './search-index.ts';

/** The counter core as the UI's transports see it: contract handlers plus one event stream. */
export interface CoreService {
  readonly handlers: ChannelHandlers<CoreChannel>;
  subscribe(listener: EventListener): Unsubscribe;
  readonly canIssueEnrolmentCodes: boolean;
  dispose(): void;
}

export function createCoreService(
  counter: CounterApi,
  issueEnrolmentCode: EnrolmentCodeIssuer | null,
  clock: () => number = Date.now,
  integrations: IntegrationHandlers | null = null,
  ownerAdmin: OwnerAdminHandlers | null = null,
  counterPayments: CounterPaymentHandlers | null = null,
  billing: BillingHandlers | null = null,
): CoreService {
  const search = createSearchIndex(counter);
  const renderDocument = createDocumentRenderer(counter, clock);
  // Subscribed before any UI listener, so the search index is fresh when the UI re-reads.
  const stopInvalidating = counter.subscribe((event) => {
    if (event.type === 'data') search.invalidate(event.tables);
  });
  return {
    handlers: createCoreHandlers({
      counter,
      clock,
      search,
      issueEnrolmentCode,
      renderDocument,
      integrations,
      ownerAdmin,
      counterPayments,
      billing,
    }),
    subscribe: (listener) => counter.subscribe((event) => listener(event)),
    canIssueEnrolmentCodes: issueEnrolmentCode !== null,
    dispose: stopInvalidating,
  };
}
