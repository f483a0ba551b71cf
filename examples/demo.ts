/**
 * `npm run demo`: signs, verifies and decodes tokens, shows what a refusal looks like, then runs
 * the auth server's user story (examples/auth-server/): behind nginx on two instances sharing
 * Redis when redis-server and nginx are installed, on one process with the memory store otherwise.
 * Runs against the source (src/), so it works straight after `npm install`.
 */
import { type Duration, decode, importKey, isJwtError, sign, verify } from '../src/index.js';
import { walkthrough } from './auth-server/walkthrough.js';

const log = (label: string, value: unknown) => console.log(`${label.padEnd(28)} ${typeof value === 'string' ? value : JSON.stringify(value)}`);

// 1. A shared secret (HS256). Secrets must be at least as long as the hash: 32 bytes for HS256.
const secret = 'demo-secret-that-is-32-bytes-long!';
const token = await sign({ sub: 'user-42', role: 'editor' }, secret, { expiresIn: '5m', issuer: 'demo', audience: 'api' });
log('HS256 token', token);
log('decoded (not verified)', decode(token));
// Pin the algorithms you issue (docs/security.md): nothing else is accepted, whatever the key material.
const { payload } = await verify(token, secret, { algorithms: ['HS256'], issuer: 'demo', audience: 'api' });
log('verified payload', payload);

// 2. A key pair (ES256), generated with WebCrypto: the private key signs, the public key verifies.
const pair = (await crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, true, ['sign', 'verify'])) as CryptoKeyPair;
const signingKey = await importKey(pair.privateKey, 'ES256');
const esToken = await sign({ sub: 'user-42' }, signingKey, { expiresIn: '1h', kid: 'demo-key-1' });
log('ES256 header', decode(esToken).header);
log('ES256 verified sub', (await verify(esToken, pair.publicKey, { algorithms: ['ES256'] })).payload.sub);

// 3. Refusals come with a stable code.
async function refused(label: string, attempt: () => Promise<unknown>) {
  try {
    await attempt();
    log(label, 'accepted (unexpected!)');
  } catch (error) {
    // Every refusal is a JwtError: the token's fault (ERR_JWT_*) or, last two, the caller's (ERR_INVALID_ARGUMENT, ERR_KEY).
    if (!isJwtError(error)) throw error;
    log(label, `${error.code} (${error.category}): ${error.message}`);
  }
}
await refused('expired token', async () => verify(await sign({}, secret, { expiresIn: 60, now: new Date('2020-01-01') }), secret));
await refused('wrong audience', () => verify(token, secret, { audience: 'other-api' }));
await refused('tampered payload', () => verify(token.replace(/\.[^.]+\./, `.${btoa('{"sub":"admin"}').replace(/=+$/, '')}.`), secret));
await refused('alg none', () => verify(`${btoa('{"alg":"none"}').replace(/=+$/, '')}.e30.`, secret));
await refused('HS256 token vs EC public key', () => verify(token, pair.publicKey));
await refused("expiresIn '120' (no unit)", () => sign({}, secret, { expiresIn: '120' as Duration }));
await refused('secret too short', () => sign({}, 'short'));

// 4. The auth server: login → call → refresh → a replayed refresh token ends the session.
console.log('\nauth server (examples/auth-server/)');
// DEMO_LAYOUT=single forces the one-process variant, DEMO_LAYOUT=stack the full layout.
const layout = process.env.DEMO_LAYOUT;
await walkthrough(log, layout === 'single' || layout === 'stack' ? layout : 'auto');
