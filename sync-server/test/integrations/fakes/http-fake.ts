import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request as the fake received it. */
export interface Recorded {
  method: string;
  path: string;
  headers: IncomingMessage['headers'];
  body: string;
}

export interface FakeAnswer {
  status: number;
  body: unknown;
  /** Sent as is with this content type instead of JSON (files). */
  raw?: { bytes: Buffer; contentType: string };
}

export type Route = (request: Recorded) => FakeAnswer | undefined;

/**
 * A provider's HTTP API on loopback: records every request (auth, idempotency keys, bodies) and
 * answers from the routes the test scripts; the first route that answers wins. 404 otherwise.
 */
export class HttpFake {
  readonly received: Recorded[] = [];
  readonly #routes: Route[] = [];
  #server: Server | null = null;
  url = '';

  route(route: Route): void {
    this.#routes.unshift(route);
  }

  async start(): Promise<void> {
    this.#server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        const recorded: Recorded = {
          method: request.method ?? 'GET',
          path: request.url ?? '/',
          headers: request.headers,
          body: Buffer.concat(chunks).toString('utf8'),
        };
        this.received.push(recorded);
        const answer = this.#routes.map((route) => route(recorded)).find((candidate) => candidate !== undefined) ?? {
          status: 404,
          body: { message: 'not found' },
        };
        response.writeHead(answer.status, { 'content-type': answer.raw?.contentType ?? 'application/json' });
        response.end(answer.raw ? answer.raw.bytes : JSON.stringify(answer.body));
      });
    });
    await new Promise<void>((resolve) => this.#server?.listen(0, '127.0.0.1', resolve));
    const address = this.#server.address() as AddressInfo; // listening on a TCP port
    this.url = `http://127.0.0.1:${address.port}`;
  }

  requests(method: string, pathPart: string): Recorded[] {
    return this.received.filter((request) => request.method === method && request.path.includes(pathPart));
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => this.#server?.close(() => resolve()));
  }
}

export const form = (body: string) => Object.fromEntries(new URLSearchParams(body));
