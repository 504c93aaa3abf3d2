import type { IncomingMessage } from 'node:http';
import { networkInterfaces } from 'node:os';

/**
 * Who may talk to the browser-mode server. Loopback clients are the counter PC itself; a page
 * from another origin (or a DNS-rebinding attack) is refused by the Host and Origin checks, and a
 * client on the LAN must have paired with the code shown on the counter.
 */
export function isLoopback(address: string | undefined): boolean {
  return address === '127.0.0.1' || address === '::1' || address === '::ffff:127.0.0.1';
}

export function lanAddresses(): string[] {
  return Object.values(networkInterfaces())
    .flatMap((entries) => entries ?? [])
    .filter((entry) => entry.family === 'IPv4' && !entry.internal)
    .map((entry) => entry.address);
}

export function allowedHostNames(lan: boolean): Set<string> {
  const names = new Set(['127.0.0.1', 'localhost', '[::1]']);
  if (lan) for (const address of lanAddresses()) names.add(address);
  return names;
}

/** The Host header must name this server (not an attacker's domain that resolves to it). */
export function hostAllowed(req: IncomingMessage, names: ReadonlySet<string>, port: number): boolean {
  const host = req.headers.host ?? '';
  const match = /^(\[[^\]]+\]|[^:]+)(?::(\d+))?$/.exec(host);
  if (!match) return false;
  return names.has((match[1] ?? '').toLowerCase()) && Number(match[2] ?? 80) === port;
}

/**
 * Calls and the WebSocket must come from pages this server served. Browsers always send Origin
 * on POST and on WebSocket upgrades, so a missing Origin is a non-browser client (a script on
 * the counter PC or a paired device), which the Host check and pairing already cover.
 */
export function originAllowed(req: IncomingMessage): boolean {
  const origin = req.headers.origin;
  return origin === undefined || origin === `http://${req.headers.host ?? ''}`;
}

export function cookieValue(req: IncomingMessage, name: string): string | undefined {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const [key, ...rest] = part.trim().split('=');
    if (key === name) return rest.join('=');
  }
  return undefined;
}
