import type { ServerResponse } from 'node:http';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createRemoteJwks, sign, verify } from '../../src/index.js';
import { expectCode } from '../helpers.js';
import { type Handler, type TestKey, serveJson, startJwksServerForTest, testKey } from './server.js';
import { type TlsServer, startTlsServer, trustingTestCertificates } from './tls.js';

/**
 * Redirects of a remote JWK set: each Location is checked before it is requested (the URL rule of
 * the configured URL, and never from https: to http:), and a chain stops after 5 redirects. Real
 * servers on 127.0.0.1 that count their requests, so "refused before requesting" is observed.
 */

const T0 = 1_700_000_000;

const servers: TlsServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

let a: TestKey;
let token: string;
beforeAll(async () => {
  a = await testKey('ES256', 'key-a');
  token = await sign({ sub: 'key-a' }, a.privateKey, { now: T0, expiresIn: '1d' });
});

const verifyAt = (jwks: Parameters<typeof verify>[1]) => verify(token, jwks, { now: T0 + 1 });
const redirect = (response: ServerResponse, location: string, status = 302) => response.writeHead(status, { location }).end();

describe('redirects of a remote JWK set', () => {
  it('follows a relative redirect to the set', async () => {
    const server = await startJwksServerForTest((request, response) => {
      if (request.url === '/jwks') return redirect(response, '/keys');
      serveJson({ keys: [a.jwk] })(request, response);
    });
    expect((await verifyAt(createRemoteJwks(server.url))).payload.sub).toBe('key-a');
    expect(server.requests).toBe(2);
  });

  it('follows 5 redirects (301, 302, 303, 307, 308) but not a 6th: ERR_JWKS_FETCH', async () => {
    const statuses = [301, 302, 303, 307, 308, 302];
    const chain =
      (length: number): Handler =>
      (request, response) => {
        const hop = Number(request.url!.split('/')[2] ?? 0);
        if (hop < length) return redirect(response, `/hop/${hop + 1}`, statuses[hop]);
        serveJson({ keys: [a.jwk] })(request, response);
      };
    const five = await startJwksServerForTest(chain(5));
    expect((await verifyAt(createRemoteJwks(five.url))).payload.sub).toBe('key-a');
    expect(five.requests).toBe(6);

    const six = await startJwksServerForTest(chain(6));
    await expectCode(verifyAt(createRemoteJwks(six.url)), 'ERR_JWKS_FETCH');
    expect(six.requests).toBe(6); // the 6th Location is never requested
  });

  it('refuses a redirect to http: on a host other than loopback before requesting it', async () => {
    // 0.0.0.0 and [::ffff:127.0.0.1] reach this machine but are not among the loopback names
    // the URL rule allows for http:, so the counting server below must see no request.
    const target = await startJwksServerForTest(serveJson({ keys: [a.jwk] }));
    const { port } = new URL(target.url);
    for (const host of ['0.0.0.0', '[::ffff:127.0.0.1]']) {
      const source = await startJwksServerForTest((_request, response) => redirect(response, `http://${host}:${port}/jwks`));
      await expectCode(verifyAt(createRemoteJwks(source.url)), 'ERR_JWKS_FETCH');
      expect(source.requests).toBe(1);
    }
    expect(target.requests).toBe(0);
  });

  it('refuses a redirect to another scheme or to a URL with credentials', async () => {
    const target = await startJwksServerForTest(serveJson({ keys: [a.jwk] }));
    const { port } = new URL(target.url);
    for (const location of ['ftp://127.0.0.1/jwks', 'data:application/json,{"keys":[]}', `http://user:pass@127.0.0.1:${port}/jwks`, 'http://[bad']) {
      const source = await startJwksServerForTest((_request, response) => redirect(response, location));
      await expectCode(verifyAt(createRemoteJwks(source.url)), 'ERR_JWKS_FETCH');
    }
    expect(target.requests).toBe(0);
  });

  it('refuses a redirect without a Location', async () => {
    const server = await startJwksServerForTest((_request, response) => response.writeHead(302).end());
    await expectCode(verifyAt(createRemoteJwks(server.url)), 'ERR_JWKS_FETCH');
  });

  it('never follows https: to http:, not even to loopback, not even with allowHttp', async () => {
    const plain = await startJwksServerForTest(serveJson({ keys: [a.jwk] }));
    const tls = await startTlsServer((request, response) => {
      if (request.url === '/jwks') return redirect(response, plain.url);
      if (request.url === '/secure') return redirect(response, '/keys');
      serveJson({ keys: [a.jwk] })(request, response);
    });
    servers.push(tls);
    await trustingTestCertificates(async () => {
      // The https: server itself is reachable: a redirect that stays on https: works.
      expect((await verifyAt(createRemoteJwks(`${tls.origin}/secure`))).payload.sub).toBe('key-a');
      expect(tls.requests).toBe(2);

      for (const allowHttp of [false, true]) {
        await expectCode(verifyAt(createRemoteJwks(`${tls.origin}/jwks`, { allowHttp })), 'ERR_JWKS_FETCH');
      }
    });
    expect(tls.requests).toBe(4); // each redirect was answered over TLS...
    expect(plain.requests).toBe(0); // ...and its clear-text target never requested
  });
});
