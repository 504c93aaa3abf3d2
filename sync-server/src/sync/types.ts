import type {
  PullRequest,
  PullResponse,
  PushedMutation,
  PushRequest,
  PushResponse,
  Row,
  TableName,
} from '@forecourt/shared';

/** An authenticated counter device, as the HTTP layer hands it to the sync engine. */
export interface DeviceSession {
  readonly tenantId: string;
  readonly deviceId: string;
  readonly deviceCode: string;
  /** The site the device was enrolled for; null for an owner's all-sites device. */
  readonly siteId: string | null;
  readonly scope: 'site' | 'tenant';
}

/** A pushed mutation the server applied, with the rows it wrote (removals carry no row). */
export interface AppliedMutation {
  readonly mutation: PushedMutation;
  readonly rows: ReadonlyArray<{ readonly table: TableName; readonly row: Row | null }>;
}

/** Runs after a push's transaction committed; a failure is logged and never fails the push. */
export type AppliedListener = (device: DeviceSession, applied: readonly AppliedMutation[]) => Promise<void>;

export interface SyncEngine {
  /**
   * Applies pushed mutations one transaction each (DESIGN §4.2). `signedInUserId` is the user of
   * the access token sent with the push, or null; each mutation's actor must be that user or a
   * user who signed in on this device before (offline PIN sign-in), and active.
   */
  push(device: DeviceSession, signedInUserId: string | null, request: PushRequest): Promise<PushResponse>;
  /** Changes after the cursor within the device's scope (DESIGN §4.3). */
  pull(device: DeviceSession, request: PullRequest): Promise<PullResponse>;
  /**
   * Writes rows as the server itself (admin tools, enrolment, webhooks): full rows upserted and
   * appended to the change log in one transaction, so they reach the counters like any change.
   */
  writeRows(tenantId: string, rows: ReadonlyArray<{ table: TableName; row: Row }>): Promise<number>;
  /** Called after every commit that added to the change log, on this instance or (via NOTIFY) another. */
  onCommit(listener: (tenantId: string, version: number) => void): () => void;
  /** Called on this instance after each committed chunk of a push that applied mutations. */
  onPushApplied(listener: AppliedListener): () => void;
  currentVersion(): Promise<number>;
  start(): Promise<void>;
  stop(): Promise<void>;
}
