import { describe, expect, it } from 'vitest';
import * as core from '../src/index.js';
import * as sessions from '../src/sessions/index.js';
import * as redis from '../src/stores/redis.js';
import * as client from '../src/client/index.js';
import { expectCode, keysFor } from './helpers.js';

/**
 * Every options object of every public function is checked for unknown names: a misspelt or
 * foreign option (`{ algorithm: 'HS512' }`, jsonwebtoken's name) is ERR_INVALID_ARGUMENT, never
 * silently ignored.
 */

const secret = keysFor('HS256').signKey;
const bogus = { bogus: 1 } as never;
const token = await core.sign({ sub: 'a' }, secret);

/** Each public function that takes an options object, called with `{ bogus: 1 }` as its options. */
const TAKES_OPTIONS: Record<string, () => unknown> = {
  sign: () => core.sign({}, secret, bogus),
  createSigner: () => core.createSigner(secret, bogus),
  verify: () => core.verify(token, secret, bogus),
  createVerifier: () => core.createVerifier(secret, bogus),
  validateClaims: () => core.validateClaims({}, bogus),
  decode: () => core.decode(token, bogus),
  decodeProtectedHeader: () => core.decodeProtectedHeader(token, bogus),
  signJws: () => core.signJws('x', secret, bogus),
  verifyJws: () => core.verifyJws(token, secret, bogus),
  signJwsJson: () => core.signJwsJson('x', [{ key: secret }], bogus),
  verifyJwsJson: () => core.verifyJwsJson({ payload: '', protected: token.split('.')[0], signature: '' }, secret, bogus),
  generateKeyPair: () => core.generateKeyPair('ES256', bogus),
  generateSecret: () => core.generateSecret('HS256', bogus),
  createRemoteJwks: () => core.createRemoteJwks('https://example.com/jwks', bogus),
  createSessions: () => sessions.createSessions({ key: secret, loadClaims: () => ({}), ...(bogus as object) }),
  memoryStore: () => sessions.memoryStore(bogus),
  refreshCookie: () => sessions.refreshCookie('t', { path: '/auth', ...(bogus as object) }),
  clearRefreshCookie: () => sessions.clearRefreshCookie({ path: '/auth', ...(bogus as object) }),
  readRefreshCookie: () => sessions.readRefreshCookie('a=b', bogus),
  redisStore: () => redis.redisStore({ sendCommand: async () => null }, bogus),
  crossSiteRefusal: () => sessions.crossSiteRefusal({}, bogus),
  createAuthClient: () => client.createAuthClient({ refreshUrl: 'http://127.0.0.1/refresh', ...(bogus as object) }),
  encrypt: () => core.encrypt({}, new Uint8Array(32), bogus),
  decrypt: () => core.decrypt('a.b.c.d.e', new Uint8Array(32), bogus),
  encryptJwe: () => core.encryptJwe('x', new Uint8Array(32), bogus),
  decryptJwe: () => core.decryptJwe('a.b.c.d.e', new Uint8Array(32), bogus),
};

/** Public functions without an options object (their arguments are checked by their own tests). */
const NO_OPTIONS = new Set([
  'importKey',
  'exportJwk',
  'exportPem',
  'thumbprint',
  'thumbprintUri',
  'createLocalJwks',
  'toSeconds',
  'epochSeconds',
  'isClientError',
  'isJwtError',
  'parseBearer',
  'authenticate',
  'expressAuth',
  'commandKey',
]);

/** The exported functions (not classes) of a module. */
function functionsOf(module: object): string[] {
  return Object.entries(module)
    .filter(([name, value]) => typeof value === 'function' && !/^[A-Z]/.test(name))
    .map(([name]) => name);
}

describe('unknown options are refused', () => {
  it('every public function is listed here, so a new one cannot skip the check', () => {
    const unlisted = [...new Set([...functionsOf(core), ...functionsOf(sessions), ...functionsOf(redis), ...functionsOf(client)])].filter(
      (name) => !Object.hasOwn(TAKES_OPTIONS, name) && !NO_OPTIONS.has(name),
    );
    expect(unlisted).toEqual([]);
  });

  it.each(Object.entries(TAKES_OPTIONS))('%s({ bogus: 1 }) is ERR_INVALID_ARGUMENT naming the option', async (_, call) => {
    const error = await expectCode(async () => call(), 'ERR_INVALID_ARGUMENT');
    expect(error.message).toContain('"bogus"');
  });

  it('createVerifier checks the names inside cache: { size } too', async () => {
    await expectCode(() => core.createVerifier(secret, { cache: { size: 10, ttl: 60 } as never }), 'ERR_INVALID_ARGUMENT');
  });

  it('an inherited name is not an option: only own names are read', async () => {
    const options = Object.create({ bogus: 1 }) as core.SignOptions;
    expect(core.decode(await core.sign({}, secret, options)).header.alg).toBe('HS256');
  });

  it('the known options still work', async () => {
    const signed = await core.sign({}, secret, { alg: 'HS256', kid: 'k', jwtId: 'j', iat: false, expiresIn: '5m', now: 1_000 });
    const { header, payload } = await core.verify(signed, secret, { algorithms: ['HS256'], jwtId: 'j', now: 1_000, clockTolerance: 5 });
    expect(header.kid).toBe('k');
    expect(payload.iat).toBeUndefined();
  });
});

describe('names from jsonwebtoken, jose and fast-jwt get a suggestion', () => {
  /** The message of the ERR_INVALID_ARGUMENT that `call` fails with. */
  async function messageOf(call: () => unknown): Promise<string> {
    return (await expectCode(async () => call(), 'ERR_INVALID_ARGUMENT')).message;
  }
  const signWith = (options: object) => () => core.sign({}, secret, options as never);
  const verifyWith = (options: object) => () => core.verify(token, secret, options as never);

  it.each([
    ['algorithm', 'alg'],
    ['algorithms', 'alg'],
    ['keyid', 'kid'],
    ['jwtid', 'jwtId'],
    ['iss', 'issuer'],
    ['aud', 'audience'],
    ['sub', 'subject'],
    ['expiresAt', 'expiresIn'],
    ['expirationTime', 'expiresIn'],
    ['headers', 'header'],
    ['clockTimestamp', 'now'],
  ])('sign: %s → %s', async (name, meant) => {
    expect(await messageOf(signWith({ [name]: 'x' }))).toContain(`did you mean "${meant}"`);
  });

  it.each([
    ['algorithm', 'algorithms'],
    ['alg', 'algorithms'],
    ['issuer_', 'issuer'],
    ['allowedAud', 'audience'],
    ['allowedIss', 'issuer'],
    ['clockTimestamp', 'now'],
    ['currentDate', 'now'],
    ['clock_tolerance', 'clockTolerance'],
    ['clockSkew', 'clockTolerance'],
    ['maxTokenAge', 'maxAge'],
    ['expiresIn', 'maxAge'],
  ])('verify: %s → %s', async (name, meant) => {
    expect(await messageOf(verifyWith({ [name]: 'x' }))).toContain(`did you mean "${meant}"`);
  });

  it('switches jwtkit does not have are explained', async () => {
    expect(await messageOf(verifyWith({ ignoreExpiration: true }))).toMatch(/always refused.*clockTolerance/);
    expect(await messageOf(verifyWith({ complete: true }))).toContain('{ header, payload }');
    expect(await messageOf(signWith({ noTimestamp: true }))).toContain('iat: false');
  });

  it('createRemoteJwks: jose names', async () => {
    const remote = (options: object) => () => core.createRemoteJwks('https://example.com/jwks', options as never);
    expect(await messageOf(remote({ timeoutDuration: 5 }))).toContain('"timeout"');
    expect(await messageOf(remote({ cooldownDuration: 30 }))).toContain('"cooldown"');
  });

  it('createSessions: a secret by another name', async () => {
    const error = await messageOf(() => sessions.createSessions({ secret, loadClaims: () => ({}) } as never));
    expect(error).toContain('"key"');
  });

  it('a name with no suggestion lists the options there are', async () => {
    expect(await messageOf(() => core.decode(token, { complete2: true } as never))).toContain('maxTokenLength');
  });
});
