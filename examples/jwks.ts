/**
 * Verifying tokens against a JWK set served over HTTP: `npx tsx examples/jwks.ts`.
 *
 * Plays both sides in one process. An "identity provider" generates a key pair, names it by its
 * thumbprint and publishes the public half at /.well-known/jwks.json (node:http). An API verifies
 * the provider's tokens with createRemoteJwks, which fetches and caches that set.
 * Runs against the source (src/), so it works straight after `npm install`.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { pathToFileURL } from 'node:url';
import { createRemoteJwks, exportJwk, generateKeyPair, isClientError, sign, thumbprint, verify } from '../src/index.js';

export interface JwksExampleResult {
  verifiedSub: unknown;
  strangerCode: string;
  requests: number;
}

export async function runJwksExample(log: (line: string) => void = console.log): Promise<JwksExampleResult> {
  // --- The identity provider -----------------------------------------------------------------
  const { privateKey, publicKey } = await generateKeyPair('ES256');
  const publicJwk = await exportJwk(publicKey);
  const kid = await thumbprint(publicJwk); // RFC 7638: a kid derived from the key itself
  const jwkSet = { keys: [{ ...publicJwk, kid, use: 'sig' }] };

  let requests = 0;
  const provider = createServer((request, response) => {
    if (request.url !== '/.well-known/jwks.json') return void response.writeHead(404).end();
    requests++;
    response.writeHead(200, { 'content-type': 'application/jwk-set+json', 'cache-control': 'public, max-age=300' });
    response.end(JSON.stringify(jwkSet));
  });
  await new Promise<void>((resolve) => provider.listen(0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${(provider.address() as AddressInfo).port}`;
  log(`provider publishes ${issuer}/.well-known/jwks.json with kid ${kid}`);

  try {
    const token = await sign({ sub: 'user-42', scope: 'read' }, privateKey, { kid, issuer, audience: 'api', expiresIn: '5m' });

    // --- The API: one key set per process, shared by every request ---------------------------
    const jwks = createRemoteJwks(`${issuer}/.well-known/jwks.json`, { timeout: '5s' });
    const { payload } = await verify(token, jwks, { issuer, audience: 'api', algorithms: ['ES256'] });
    log(`verified: sub ${String(payload.sub)}, scope ${String(payload.scope)}`);
    await verify(token, jwks, { issuer, audience: 'api', algorithms: ['ES256'] }); // served from the cache

    // A token from a key the provider never published is refused.
    const stranger = await generateKeyPair('ES256', { kid: 'not-published' });
    let strangerCode = 'accepted (unexpected!)';
    try {
      await verify(await sign({ sub: 'mallory' }, stranger.privateKey, { issuer, audience: 'api' }), jwks, { issuer, audience: 'api', algorithms: ['ES256'] });
    } catch (error) {
      // The token's fault (no published key fits it); anything else is this script's own bug.
      if (!isClientError(error)) throw error;
      strangerCode = error.code;
    }
    log(`token from an unpublished key: ${strangerCode}`);
    log(`requests to the provider: ${requests}`);
    return { verifiedSub: payload.sub, strangerCode, requests };
  } finally {
    provider.closeAllConnections(); // fetch keeps connections alive; do not wait for them to idle out
    provider.close();
  }
}

// Run when executed directly (npx tsx examples/jwks.ts), not when imported by the tests.
if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await runJwksExample();
}
