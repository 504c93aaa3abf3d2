/**
 * Peak resident memory of this process: sampled on an interval (process.memoryUsage().rss) and
 * checked against the kernel's high-water mark (getrusage maxRSS), which also sees peaks that
 * fall between two samples while a long synchronous SQLite transaction holds the event loop.
 */
export class RssSampler {
  #peak = 0;
  readonly #timer: NodeJS.Timeout;

  constructor(intervalMs = 10) {
    this.sample();
    this.#timer = setInterval(() => this.sample(), intervalMs);
    this.#timer.unref();
  }

  sample(): void {
    this.#peak = Math.max(this.#peak, process.memoryUsage().rss);
  }

  /** Stops sampling; returns the sampled peak and the kernel's peak, in MB. */
  stop(): { sampledMb: number; kernelMb: number } {
    this.sample();
    clearInterval(this.#timer);
    return { sampledMb: this.#peak / 2 ** 20, kernelMb: process.resourceUsage().maxRSS / 1024 };
  }
}
