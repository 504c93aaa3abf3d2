/**
 * The network between one counter and the server, with the faults the simulation injects: a
 * partition (nothing gets through), a lost reply (the server did the work, the counter never
 * hears), a duplicated request, and an old push delivered again late.
 */
export class FaultyNetwork {
  partitioned = false;
  loseNextReply = false;
  duplicateNext = false;
  /** Sees every request that gets through (method, URL). */
  observe: ((method: string, url: string) => void) | null = null;
  /** The device credential of the last request that carried one (for tests that call the API directly). */
  lastAuthorization: string | null = null;
  private readonly pastPushes: Array<{ url: string; init: RequestInit }> = [];

  constructor(private readonly random: () => number) {}

  readonly fetch: typeof fetch = async (input, init) => {
    if (this.partitioned) throw new TypeError('fetch failed: network unreachable (simulated partition)');
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    this.observe?.(init?.method ?? 'GET', url);
    const authorization = (init?.headers as Record<string, string> | undefined)?.authorization;
    if (authorization?.startsWith('Device ')) this.lastAuthorization = authorization;
    if (url.endsWith('/sync/push') && init) {
      this.pastPushes.push({ url, init: { ...init } });
      if (this.pastPushes.length > 20) this.pastPushes.shift();
    }
    let response = await fetch(input, init);
    if (this.duplicateNext) {
      this.duplicateNext = false;
      await response.arrayBuffer();
      response = await fetch(input, init);
    }
    if (this.loseNextReply) {
      this.loseNextReply = false;
      await response.arrayBuffer();
      throw new TypeError('fetch failed: connection reset (simulated lost reply)');
    }
    return response;
  };

  /** Delivers one of the earlier pushes again, as a delayed duplicate would arrive. */
  async replayOldPush(): Promise<void> {
    if (this.partitioned || this.pastPushes.length === 0) return;
    const old = this.pastPushes[Math.floor(this.random() * this.pastPushes.length)];
    if (!old) return;
    try {
      const response = await fetch(old.url, old.init);
      await response.arrayBuffer();
    } catch (error) {
      // A late duplicate that is itself lost (e.g. a socket to a restarted server) is still a valid run.
      if (!(error instanceof TypeError)) throw error;
    }
  }

  heal(): void {
    this.partitioned = false;
    this.loseNextReply = false;
    this.duplicateNext = false;
  }
}
