import { loadavg } from 'node:os';

/**
 * Flags and output shared by every benchmark: `--full` (or BENCH_FULL=1) picks the sizes, `--name=value`
 * overrides one size, and each run ends with one `RESULT <name> key=value …` line.
 */
export interface BenchArgs {
  readonly full: boolean;
  /** A numeric flag (`--rows=100000`), else the full or quick default. */
  int(name: string, quick: number, full: number): number;
  text(name: string, fallback: string): string;
  has(name: string): boolean;
}

export function parseArgs(argv: readonly string[] = process.argv.slice(2)): BenchArgs {
  const values = new Map<string, string>();
  for (const arg of argv) {
    const match = /^--([a-z0-9-]+)(?:=(.*))?$/i.exec(arg);
    if (!match?.[1]) throw new Error(`unknown argument ${arg}: use --name or --name=value`);
    values.set(match[1], match[2] ?? 'true');
  }
  // BENCH_FULL=1 gives `npm run bench` (which runs every script in turn) the full sizes too.
  const full = values.has('full') || process.env.BENCH_FULL === '1';
  return {
    full,
    int(name, quick, fullSize) {
      const raw = values.get(name);
      if (raw === undefined) return full ? fullSize : quick;
      const parsed = Number(raw.replaceAll('_', ''));
      if (!Number.isSafeInteger(parsed) || parsed <= 0) throw new Error(`--${name} must be a positive integer`);
      return parsed;
    },
    text: (name, fallback) => values.get(name) ?? fallback,
    has: (name) => values.has(name),
  };
}

export type Figures = Record<string, number | string>;

function formatValue(value: number | string): string {
  if (typeof value === 'string') return value;
  if (Number.isInteger(value)) return String(value);
  return Math.abs(value) >= 100 ? value.toFixed(0) : Math.abs(value) >= 1 ? value.toFixed(2) : value.toFixed(3);
}

/** A human line while the benchmark runs. */
export function note(message: string, figures: Figures = {}): void {
  const parts = Object.entries(figures).map(([key, value]) => `${key}=${formatValue(value)}`);
  console.log(`  ${message}${parts.length ? ' ' + parts.join(' ') : ''}`);
}

/** The one machine-readable line a benchmark ends with. */
export function printResult(name: string, figures: Figures): void {
  const parts = Object.entries(figures).map(([key, value]) => `${key}=${formatValue(value)}`);
  console.log(`RESULT ${name} ${parts.join(' ')}`);
}

export function header(name: string, sizes: Figures): void {
  const [one, five] = loadavg();
  note(`${name}: node ${process.version}, load average ${one?.toFixed(2)} / ${five?.toFixed(2)}`, sizes);
}

/** The value at fraction q (0..1) of the sorted samples, nearest rank. */
export function percentile(samples: readonly number[], q: number): number {
  if (samples.length === 0) return Number.NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[rank] ?? Number.NaN;
}

export function elapsedMs(startNs: bigint): number {
  return Number(process.hrtime.bigint() - startNs) / 1e6;
}

export const now = (): bigint => process.hrtime.bigint();

export function loadAverage(): number {
  return loadavg()[0] ?? Number.NaN;
}
