import { DomainError } from '@forecourt/shared/errors';
import pino from 'pino';
import type { ChannelHandlers, CoreChannel } from '../common/api.ts';
import { isMainToCore, type CoreStartConfig, type CoreToMain } from '../common/core-messages.ts';
import { dispatch } from '../common/dispatch.ts';
import { createContractGuard } from '../common/validate.ts';
import { openCounter } from './counter.ts';
import { createCoreService, type CoreService } from './host/core-service.ts';
import { createEnrolmentCodeIssuer } from './host/enrolment-codes.ts';
import { createForwardingSecretStore } from './host/forwarding-secret-store.ts';
import { createIntegrationHandlers } from './host/integrations.ts';
import { createOwnerAdminHandlers } from './host/owner-admin.ts';
import { createCounterPaymentHandlers } from './host/counter-payments.ts';
import { createBillingHandlers } from './host/billing.ts';

/**
 * Entry of the counter core in Electron's utilityProcess (DESIGN §2): the replica, the sync
 * client and every query run here, so a slow query never freezes a window. Main validates every
 * call against the contract before it arrives, and relays the answers and events to windows.
 */
interface ParentPort {
  on(event: 'message', listener: (message: { data: unknown }) => void): void;
  postMessage(message: CoreToMain): void;
}

function parentPortOf(value: unknown): ParentPort | null {
  // Electron adds `parentPort` to `process` only inside a utilityProcess.
  const port = typeof value === 'object' && value !== null && 'parentPort' in value ? value.parentPort : null;
  return typeof port === 'object' && port !== null && 'postMessage' in port ? (port as ParentPort) : null;
}

function openService(config: CoreStartConfig, port: ParentPort) {
  const logger = pino(
    { level: process.env.FORECOURT_LOG_LEVEL ?? 'info', base: { component: 'core' } },
    pino.destination({ dest: config.logFile, mkdir: true, sync: false }),
  );
  const secrets = createForwardingSecretStore(config.secrets, (name, value) =>
    port.postMessage({ type: 'secret', name, value }),
  );
  const counter = openCounter({
    dataDir: config.dataDir,
    secretStore: secrets,
    logger,
    migrationsDir: config.migrationsDir,
  });
  if (counter.identity()) counter.startSync();
  const serverAccess = { counter, secrets, fetch: globalThis.fetch, clock: Date.now };
  const issuer = createEnrolmentCodeIssuer(serverAccess);
  const service = createCoreService(
    counter,
    issuer,
    Date.now,
    createIntegrationHandlers(serverAccess),
    createOwnerAdminHandlers(serverAccess),
    createCounterPaymentHandlers(serverAccess),
    createBillingHandlers(serverAccess),
  );
  service.subscribe((event) => port.postMessage({ type: 'event', event }));
  return { counter, service, logger };
}

function main() {
  const port = parentPortOf(process);
  if (!port) throw new Error('core-host runs inside an Electron utilityProcess');
  const guard = createContractGuard();
  let opened: { counter: { close(): Promise<void> }; service: CoreService; logger: pino.Logger } | null = null;

  port.on('message', ({ data }) => {
    if (!isMainToCore(data)) return;
    if (data.type === 'start') {
      try {
        opened = openService(data.config, port);
        port.postMessage({
          type: 'ready',
          features: { enrolmentCodes: opened.service.canIssueEnrolmentCodes, printing: true },
        });
      } catch (error) {
        port.postMessage({ type: 'failed', message: error instanceof Error ? error.message : String(error) });
      }
      return;
    }
    if (data.type === 'shutdown') {
      const closing = opened;
      opened = null;
      void (closing?.counter.close() ?? Promise.resolve()).finally(() => port.postMessage({ type: 'closed' }));
      return;
    }
    void answer(data.id, data.channel, data.input);
  });

  async function answer(id: number, channel: string, input: unknown) {
    const current = opened;
    const handlers: Partial<ChannelHandlers<CoreChannel>> = current?.service.handlers ?? {};
    const result = current
      ? await dispatch(guard, handlers, channel, input, {
          checkOutput: false, // main checks outputs before they reach a window
          onBug: (error, context) => current.logger.error({ err: error, ...context }, 'core call failed'),
        })
      : { ok: false as const, error: new DomainError('unavailable', 'the counter is starting').toJSON() };
    port?.postMessage({ type: 'result', id, result });
  }
}

main();
