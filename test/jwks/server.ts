import { type IncomingMessage, type Server, type ServerResponse, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { onTestFinished } from 'vitest';
import { type Alg, type Jwk, type Key, exportJwk, generateKeyPair } from '../../src/index.js';

/**
 * A real HTTP server on 127.0.0.1 for the remote JWK set tests (no mocked fetch). Its behaviour
 * can be swapped between requests (`server.handler = …`) and it counts the requests it gets.
 */

export type Handler = (request: IncomingMessage, response: ServerResponse) => void;

export interface JwksServer {
  /** The JWK set URL: http://127.0.0.1:<port>/jwks. */
  readonly url: string;
  /** Requests received so far. */
  requests: number;
  /** How the next requests are answered. */
  handler: Handler;
  close(): Promise<void>;
}

/** Starts a JWK set server on 127.0.0.1; the caller closes it (see `startJwksServerForTest`). */
export async function startJwksServer(handler: Handler): Promise<JwksServer> {
  const state = { requests: 0, handler };
  const server: Server = createServer((request, response) => {
    state.requests++;
    state.handler(request, response);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const close = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections(); // hanging and streaming handlers included
      server.close(() => resolve());
    });
  return {
    url: `http://127.0.0.1:${port}/jwks`,
    get requests() {
      return state.requests;
    },
    set requests(value) {
      state.requests = value;
    },
    get handler() {
      return state.handler;
    },
    set handler(next) {
      state.handler = next;
    },
    close,
  };
}

/** A JWK set server for the running test only: it is closed when the test finishes, pass or fail. */
export async function startJwksServerForTest(handler: Handler): Promise<JwksServer> {
  const server = await startJwksServer(handler);
  onTestFinished(() => server.close());
  return server;
}

/** Answers with a JWK set as JSON, with extra headers (e.g. Cache-Control). */
export function serveJson(body: unknown, headers: Record<string, string> = {}): Handler {
  return (_request, response) => {
    response.writeHead(200, { 'content-type': 'application/json', ...headers });
    response.end(JSON.stringify(body));
  };
}

export function serveStatus(status: number, body = 'error', contentType = 'text/plain'): Handler {
  return (_request, response) => {
    response.writeHead(status, { 'content-type': contentType });
    response.end(body);
  };
}

/** Never answers. */
export const hang: Handler = () => {};

/** A signing key with its public JWK. */
export interface TestKey {
  readonly privateKey: Key;
  readonly jwk: Jwk;
}

export async function testKey(alg: Alg, kid?: string): Promise<TestKey> {
  const { privateKey, publicKey } = await generateKeyPair(alg, kid === undefined ? {} : { kid });
  return { privateKey, jwk: await exportJwk(publicKey) };
}
