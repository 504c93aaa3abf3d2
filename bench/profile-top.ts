/**
 * Prints the top frames of a V8 CPU profile (from `node --cpu-prof` or BENCH_CPU_PROF=<dir>):
 * self time per function, and self time per file (package or source file).
 *
 *   npx tsx bench/profile-top.ts <file.cpuprofile> [count]
 */
import { readFileSync } from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
  children?: number[];
}

interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples?: number[];
  timeDeltas?: number[];
}

function shortFile(url: string): string {
  const path = url.replace(/^file:\/\//, '');
  const modules = path.lastIndexOf('node_modules/');
  if (modules >= 0) {
    const rest = path.slice(modules + 'node_modules/'.length).split('/');
    return rest[0]?.startsWith('@') ? `${rest[0]}/${rest[1]}` : (rest[0] ?? path);
  }
  return path.replace(/^.*\/work\/[^/]+\//, '') || '(native)';
}

function main(): void {
  const [file, countText] = process.argv.slice(2);
  if (!file) throw new Error('usage: profile-top.ts <file.cpuprofile> [count]');
  const count = Number(countText ?? 25);
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile; // V8's cpuprofile JSON
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const selfMs = new Map<number, number>();
  const samples = profile.samples ?? [];
  const deltas = profile.timeDeltas ?? [];
  samples.forEach((id, index) => selfMs.set(id, (selfMs.get(id) ?? 0) + (deltas[index] ?? 0) / 1000));
  const total = [...selfMs.values()].reduce((sum, ms) => sum + ms, 0);
  const byFunction = new Map<string, number>();
  const byFile = new Map<string, number>();
  for (const [id, ms] of selfMs) {
    const frame = byId.get(id)?.callFrame;
    if (!frame) continue;
    const where = shortFile(frame.url);
    const key = `${frame.functionName || '(anonymous)'}  ${where}:${frame.lineNumber + 1}`;
    byFunction.set(key, (byFunction.get(key) ?? 0) + ms);
    byFile.set(where, (byFile.get(where) ?? 0) + ms);
  }
  const print = (title: string, entries: Map<string, number>) => {
    console.log(`\n${title} (of ${total.toFixed(0)} ms sampled)`);
    for (const [key, ms] of [...entries].sort((a, b) => b[1] - a[1]).slice(0, count)) {
      console.log(`${ms.toFixed(0).padStart(8)} ms ${((ms / total) * 100).toFixed(1).padStart(5)}%  ${key}`);
    }
  };
  print('self time by function', byFunction);
  print('self time by file', byFile);
}

main();
