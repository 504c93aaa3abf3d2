import { DomainError } from '@forecourt/shared/errors';
import { isTableName, type TableName } from '@forecourt/shared/schema/tables';
import type { ChannelHandlers, CoreChannel } from '../../common/api.ts';
import type { ChannelInput, ChannelOutput } from '../../common/contract.ts';
import type { CounterApi } from '../counter-api.ts';
import { createAnalyticsHandlers } from './analytics-handlers.ts';
import { unavailableBillingHandlers, type BillingHandlers } from './billing.ts';
import { unavailableCounterPaymentHandlers, type CounterPaymentHandlers } from './counter-payments.ts';
import type { DocumentRenderer } from './documents.ts';
import { unavailableIntegrationHandlers, type IntegrationHandlers } from './integrations.ts';
import { unavailableOwnerAdminHandlers, type OwnerAdminHandlers } from './owner-admin.ts';
import { createRenterExportHandlers } from './renter-export-handler.ts';
import type { SearchIndex } from './search-index.ts';

/**
 * Asks the sync server for a device enrolment code with the signed-in user's rights. Optional:
 * the counter core decides whether it can (it holds the user's access token, the UI never does).
 */
export type EnrolmentCodeIssuer = (
  input: ChannelInput<'admin:createEnrolmentCode'>,
) => Promise<ChannelOutput<'admin:createEnrolmentCode'>>;

export interface CoreHandlerDeps {
  readonly counter: CounterApi;
  readonly clock: () => number;
  readonly search: SearchIndex;
  readonly issueEnrolmentCode: EnrolmentCodeIssuer | null;
  readonly renderDocument: DocumentRenderer;
  /** The owner's integrations page, asked of the server as the signed-in user (online only). */
  readonly integrations?: IntegrationHandlers | null;
  /** Invites, deactivation, sites, revoking PCs, number series: asked of the server (online only). */
  readonly ownerAdmin?: OwnerAdminHandlers | null;
  /** Pay by link, refunds and rental deposit holds: asked of the server (online only). */
  readonly counterPayments?: CounterPaymentHandlers | null;
  /** The owner's plan and billing page and the lapsed-plan banner: asked of the server (online only). */
  readonly billing?: BillingHandlers | null;
}

function tableOf(name: string): TableName {
  if (!isTableName(name)) throw new DomainError('invalid', `unknown table ${name}`);
  return name;
}

/** The core's side of every contract channel, the same for Electron IPC and browser mode. */
export function createCoreHandlers(deps: CoreHandlerDeps): ChannelHandlers<CoreChannel> {
  const { counter, search } = deps;
  return {
    'device:identity': () => counter.identity(),
    'device:enrol': async (input) => {
      const identity = await counter.enrol(input);
      // A freshly enrolled PC starts pulling its site's data at once, before anyone signs in.
      counter.startSync();
      return identity;
    },
    'session:current': () => counter.currentUser(),
    'session:login': (input) => counter.login(input),
    'session:loginWithPin': (input) => counter.loginWithPin(input),
    'session:setPin': (input) => {
      counter.setPin(input.pin);
      return null;
    },
    'session:logout': async () => {
      await counter.logout();
      return null;
    },
    'data:mutate': (input) => counter.mutate(input.name, input.args),
    'data:query': (input) => counter.query(tableOf(input.table), input.options),
    'data:get': (input) => counter.get(tableOf(input.table), input.id),
    'data:search': (input) =>
      search.search(input.text, { siteId: input.siteId ?? null, ...(input.limit ? { limit: input.limit } : {}) }),
    'sync:status': () => counter.status(),
    'sync:pending': () => counter.pending(),
    'sync:dismissRejection': (input) => {
      counter.dismissRejection(input.mutationId);
      return null;
    },
    'sync:now': () => counter.syncNow(),
    'blobs:put': (input) =>
      counter.putBlob({
        bytes: new Uint8Array(Buffer.from(input.base64, 'base64')),
        contentType: input.contentType,
        ownerTable: input.ownerTable ?? null,
        ownerId: input.ownerId ?? null,
        role: input.role ?? null,
        thumbnail: input.thumbnail
          ? {
              bytes: new Uint8Array(Buffer.from(input.thumbnail.base64, 'base64')),
              contentType: input.thumbnail.contentType,
            }
          : null,
      }),
    'blobs:read': async (input) => {
      const thumb = input.thumbnail ? await counter.readThumbnail(input.sha256) : null;
      const blob = thumb ?? (await counter.readBlob(input.sha256));
      return blob
        ? {
            contentType: blob.contentType,
            base64: Buffer.from(blob.bytes).toString('base64'),
            sha256: thumb?.sha256 ?? input.sha256,
          }
        : null;
    },
    'documents:render': (input) => deps.renderDocument(input),
    'admin:createEnrolmentCode': (input) => {
      if (!deps.issueEnrolmentCode)
        throw new DomainError('unavailable', 'this counter cannot issue enrolment codes yet');
      return deps.issueEnrolmentCode(input);
    },
    ...(deps.integrations ?? unavailableIntegrationHandlers()),
    ...(deps.ownerAdmin ?? unavailableOwnerAdminHandlers()),
    ...(deps.counterPayments ?? unavailableCounterPaymentHandlers()),
    ...(deps.billing ?? unavailableBillingHandlers()),
    ...createAnalyticsHandlers(counter, deps.clock),
    ...createRenterExportHandlers(counter, deps.clock),
  };
}
