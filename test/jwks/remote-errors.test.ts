import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { beforeAll, describe, expect, it } from 'vitest';
import { JwksFetchError, createRemoteJwks, sign, verify } from '../../src/index.js';
import { expectCode } from '../helpers.js';
import { type JwksServer, type TestKey, hang, serveJson, serveStatus, startJwksServerForTest, testKey } from './server.js';

/**
 * createRemoteJwks when the endpoint misbehaves: errors with their codes, a cached set that keeps
 * working (stale-if-error), timeouts, oversize bodies, aborts. Real server, fake clock.
 */

const T0 = 1_700_000_000;

let server: JwksServer | undefined;

let a: TestKey;
let b: TestKey;
beforeAll(async () => {
  [a, b] = await Promise.all([testKey('ES256', 'key-a'), testKey('ES256', 'key-b')]);
});

function fakeClock() {
  const clock = { t: T0, now: () => clock.t };
  return clock;
}

const tokenOf = (key: TestKey) => sign({ sub: key.jwk.kid }, key.privateKey, { now: T0, expiresIn: '1d' });
const verifyAt = (token: string, jwks: Parameters<typeof verify>[1]) => verify(token, jwks, { now: T0 + 1 });

describe('a failing endpoint', () => {
  it('a 500 on a cold start is ERR_JWKS_FETCH with the status; retried only after the cooldown', async () => {
    server = await startJwksServerForTest(serveStatus(500));
    const clock = fakeClock();
    const jwks = createRemoteJwks(server.url, { now: clock.now });
    const token = await tokenOf(a);
    const error = await expectCode(verifyAt(token, jwks), 'ERR_JWKS_FETCH');
    expect(error).toBeInstanceOf(JwksFetchError);
    expect((error as JwksFetchError).status).toBe(500);
    await expectCode(verifyAt(token, jwks), 'ERR_JWKS_FETCH');
    expect(server.requests).toBe(1);
    server.handler = serveJson({ keys: [a.jwk] });
    clock.t += 30;
    expect((await verifyAt(token, jwks)).payload.sub).toBe('key-a');
    expect(server.requests).toBe(2);
  });

  it('HTML or a 500 give their codes while the cached set keeps working, until it is too old', async () => {
    server = await startJwksServerForTest(serveJson({ keys: [a.jwk] }));
    const clock = fakeClock();
    const jwks = createRemoteJwks(server.url, { now: clock.now, cacheMaxAge: '10m', cooldown: '30s', staleIfError: '1h' });
    const known = await tokenOf(a);
    const unknown = await tokenOf(b);
    await verifyAt(known, jwks);

    server.handler = serveStatus(500);
    clock.t += 31;
    const error = await expectCode(verifyAt(unknown, jwks), 'ERR_JWKS_FETCH'); // the refetch for key-b failed
    expect((error as JwksFetchError).status).toBe(500);
    expect((await verifyAt(known, jwks)).payload.sub).toBe('key-a');

    server.handler = serveStatus(200, '<!doctype html><title>Sign in</title>', 'text/html');
    clock.t += 31;
    await expectCode(verifyAt(unknown, jwks), 'ERR_JWKS_INVALID');
    expect((await verifyAt(known, jwks)).payload.sub).toBe('key-a');

    // Past cacheMaxAge the set is stale: a refresh is tried, fails, and the stale set is used.
    clock.t = T0 + 601;
    expect((await verifyAt(known, jwks)).payload.sub).toBe('key-a');
    expect(server.requests).toBe(4);
    // Past cacheMaxAge + staleIfError it is too old to trust: the endpoint's error.
    clock.t = T0 + 600 + 3600 + 1;
    await expectCode(verifyAt(known, jwks), 'ERR_JWKS_INVALID');
    expect(server.requests).toBe(5);

    server.handler = serveJson({ keys: [a.jwk, b.jwk] });
    clock.t += 30;
    expect((await verifyAt(unknown, jwks)).payload.sub).toBe('key-b');
  });

  it.each<[string, string]>([
    ['not JSON', '{"keys": ['],
    ['a JSON array', '[]'],
    ['no keys array', '{"keys": {}}'],
    ['JSON null', 'null'],
    ['invalid UTF-8', '\u00ff'],
  ])('a body that is %s is ERR_JWKS_INVALID', async (_name, body) => {
    server = await startJwksServerForTest((_request, response) => {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(body === '\u00ff' ? Buffer.from([0x7b, 0xff, 0x7d]) : body);
    });
    await expectCode(verifyAt(await tokenOf(a), createRemoteJwks(server.url)), 'ERR_JWKS_INVALID');
  });

  it('a server that never answers hits the timeout: ERR_JWKS_TIMEOUT', async () => {
    server = await startJwksServerForTest(hang);
    const jwks = createRemoteJwks(server.url, { timeout: 0.3 });
    await expectCode(verifyAt(await tokenOf(a), jwks), 'ERR_JWKS_TIMEOUT');
    expect(server.requests).toBe(1);
  });

  it('a body that stalls midway hits the timeout too', async () => {
    server = await startJwksServerForTest((_request, response) => {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.write('{"keys": ['); // and nothing more
    });
    await expectCode(verifyAt(await tokenOf(a), createRemoteJwks(server.url, { timeout: 0.3 })), 'ERR_JWKS_TIMEOUT');
  });

  it('a huge body is cut off: ERR_JWKS_INVALID, and the connection is closed long before the server is done', async () => {
    const total = 64 * 1024 * 1024;
    let sent = 0;
    let closed!: () => void;
    const connectionClosed = new Promise<void>((resolve) => (closed = resolve));
    server = await startJwksServerForTest((_request, response) => {
      response.writeHead(200, { 'content-type': 'application/json' }); // no Content-Length: streamed
      const chunk = `{"kty":"oct","k":"${'A'.repeat(64 * 1024)}"},`;
      let open = true;
      response.on('close', () => {
        open = false;
        closed();
      });
      const pump = (): void => {
        while (open && sent < total) {
          sent += chunk.length;
          if (!response.write(chunk)) return void response.once('drain', pump);
        }
        if (open) response.end();
      };
      response.write('{"keys":[');
      pump();
    });
    await expectCode(verifyAt(await tokenOf(a), createRemoteJwks(server.url, { maxResponseBytes: 256 * 1024 })), 'ERR_JWKS_INVALID');
    await connectionClosed;
    expect(sent).toBeLessThan(total);
  });

  it('a declared Content-Length over the limit is refused before reading', async () => {
    server = await startJwksServerForTest(serveJson({ keys: [a.jwk], padding: 'x'.repeat(4096) }));
    await expectCode(verifyAt(await tokenOf(a), createRemoteJwks(server.url, { maxResponseBytes: 1024 })), 'ERR_JWKS_INVALID');
    expect((await verifyAt(await tokenOf(a), createRemoteJwks(server.url, { maxResponseBytes: 8192 }))).payload.sub).toBe('key-a');
  });

  it('an aborted signal stops the request: ERR_JWKS_FETCH', async () => {
    server = await startJwksServerForTest(hang);
    const controller = new AbortController();
    const jwks = createRemoteJwks(server.url, { signal: controller.signal, timeout: 20 });
    const pending = verifyAt(await tokenOf(a), jwks);
    await new Promise((resolve) => setTimeout(resolve, 50));
    controller.abort();
    await expectCode(pending, 'ERR_JWKS_FETCH');
    const aborted = AbortSignal.abort();
    await expectCode(verifyAt(await tokenOf(a), createRemoteJwks(server.url, { signal: aborted })), 'ERR_JWKS_FETCH');
  });

  it('a refused connection is ERR_JWKS_FETCH', async () => {
    const closedPort = await new Promise<number>((resolve) => {
      const probe = createServer().listen(0, '127.0.0.1', () => {
        const { port } = probe.address() as AddressInfo;
        probe.close(() => resolve(port));
      });
    });
    await expectCode(verifyAt(await tokenOf(a), createRemoteJwks(`http://127.0.0.1:${closedPort}/jwks`)), 'ERR_JWKS_FETCH');
  });
});

describe('options', () => {
  it.each<[string, () => unknown]>([
    ['a URL that does not parse', () => createRemoteJwks('not a url')],
    ['a URL that is not a string', () => createRemoteJwks(42 as never)],
    ['http: to another host', () => createRemoteJwks('http://login.example/jwks')],
    ['another scheme', () => createRemoteJwks('ftp://login.example/jwks')],
    ['credentials in the URL', () => createRemoteJwks('https://user:pass@login.example/jwks')],
    ['a zero timeout', () => createRemoteJwks('https://login.example/jwks', { timeout: 0 })],
    // @ts-expect-error a duration without a valid unit does not compile
    ['a timeout without unit', () => createRemoteJwks('https://login.example/jwks', { timeout: '5' })],
    ['a negative cooldown', () => createRemoteJwks('https://login.example/jwks', { cooldown: -1 })],
    ['a cacheMaxAge of null', () => createRemoteJwks('https://login.example/jwks', { cacheMaxAge: null as never })],
    ['a cache of null', () => createRemoteJwks('https://login.example/jwks', { cache: null as never })],
    // @ts-expect-error a duration without a valid unit does not compile
    ['a staleIfError that is not a duration', () => createRemoteJwks('https://login.example/jwks', { staleIfError: '1 fortnight' })],
    ['a maxResponseBytes of 0', () => createRemoteJwks('https://login.example/jwks', { maxResponseBytes: 0 })],
    ['a cache without set', () => createRemoteJwks('https://login.example/jwks', { cache: { get: async () => null } as never })],
    ['a signal that is not an AbortSignal', () => createRemoteJwks('https://login.example/jwks', { signal: {} as never })],
    ['a now that is not a function', () => createRemoteJwks('https://login.example/jwks', { now: T0 as never })],
    ['allowHttp that is not a boolean', () => createRemoteJwks('https://login.example/jwks', { allowHttp: 'yes' as never })],
    ['options that are not an object', () => createRemoteJwks('https://login.example/jwks', 5 as never)],
  ])('refuses %s with ERR_INVALID_ARGUMENT', (_name, create) => {
    expect(create).toThrow(expect.objectContaining({ code: 'ERR_INVALID_ARGUMENT' }));
  });

  it('accepts https:, http: to loopback hosts, and http: elsewhere with allowHttp', () => {
    for (const url of [
      'https://login.example/jwks',
      'http://localhost:8080/jwks',
      'http://127.0.0.1/jwks',
      'http://[::1]/jwks',
      new URL('https://login.example/'),
    ]) {
      expect(typeof createRemoteJwks(url)).toBe('function');
    }
    expect(typeof createRemoteJwks('http://keycloak:8080/jwks', { allowHttp: true })).toBe('function');
  });
});
