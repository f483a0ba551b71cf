import { describe, expect, it } from 'vitest';
import { createSigner, createVerifier, decode, sign, verify } from '../../src/index.js';
import { expectCode, keysFor, nestedToken } from '../helpers.js';

const secret = keysFor('HS256').signKey;
const otherSecret = new Uint8Array(32).fill(42);
const NOW = 1_800_000_000;

describe('createSigner', () => {
  it('makes the same tokens as sign() with the same options', async () => {
    const options = { expiresIn: '5m', issuer: 'iss', audience: 'api', now: NOW, kid: 'k1' } as const;
    const signer = createSigner(secret, options);
    expect(await signer({ sub: 'a' })).toBe(await sign({ sub: 'a' }, secret, options));
    expect(await signer({ sub: 'b' })).toBe(await sign({ sub: 'b' }, secret, options));
  });

  it('rejects bad options when it is created, not at the first token', () => {
    // @ts-expect-error a duration without a valid unit does not compile
    expect(() => createSigner(secret, { expiresIn: '120' })).toThrow(expect.objectContaining({ code: 'ERR_INVALID_ARGUMENT' }));
    expect(() => createSigner(secret, { alg: 'none' as 'HS256' })).toThrow(expect.objectContaining({ code: 'ERR_JWT_ALGORITHM' }));
  });

  it('takes the kid of a JWK key, and a bad key fails every call with ERR_KEY', async () => {
    const jwk = { kty: 'oct', k: Buffer.from(secret as Uint8Array).toString('base64url'), kid: 'from-jwk' };
    expect(decode(await createSigner(jwk)({})).header.kid).toBe('from-jwk');
    const publicOnly = createSigner(keysFor('ES256').verifyKey, { alg: 'ES256' });
    await expectCode(publicOnly({}), 'ERR_KEY');
    await expectCode(publicOnly({}), 'ERR_KEY');
  });

  it('checks each payload: a bad one fails that call only', async () => {
    const signer = createSigner(secret);
    await expectCode(signer({ exp: 'soon' as unknown as number }), 'ERR_JWT_CLAIM');
    expect(decode(await signer({ sub: 'ok' })).payload.sub).toBe('ok');
  });
});

describe('createVerifier', () => {
  it('verifies like verify() and rejects bad options when created', async () => {
    const token = await sign({ sub: 'a', aud: 'api' }, secret);
    const verifier = createVerifier(secret, { audience: 'api', algorithms: ['HS256'] });
    expect(await verifier(token)).toEqual(await verify(token, secret, { audience: 'api' }));
    for (const options of [{ clockTolerance: 'a lot' }, { algorithms: ['nope'] }, { algorithms: [] }, { maxTokenLength: 0 }]) {
      expect(() => createVerifier(secret, options as never), JSON.stringify(options)).toThrow(expect.objectContaining({ code: 'ERR_INVALID_ARGUMENT' }));
    }
  });

  it('refuses what is no key when created (ERR_KEY, as createSigner), not at the first token', () => {
    for (const key of [null, undefined, 42, true, {}, '']) {
      expect(() => createVerifier(key as never), String(key)).toThrow(expect.objectContaining({ code: 'ERR_KEY' }));
    }
    // A resolver and a JWK set are read per token, as before.
    expect(typeof createVerifier(() => secret)).toBe('function');
    expect(typeof createVerifier({ keys: [] })).toBe('function');
  });
});

describe('createVerifier with a verified-token cache', () => {
  const cached = (key: Uint8Array | string = secret, options: Parameters<typeof createVerifier>[1] = {}) =>
    createVerifier(key, { cache: { size: 2 }, ...options });

  it('serves a token seen before from the cache: the same (frozen) result', async () => {
    const token = await sign({ sub: 'a', roles: ['x'] }, secret);
    const verifier = cached();
    const first = await verifier(token);
    const second = await verifier(token);
    expect(second).toStrictEqual(first);
    expect(second.payload).toBe(first.payload);
    expect(Object.isFrozen(first.payload) && Object.isFrozen(first.payload.roles)).toBe(true);
  });

  it('never serves a token past its exp: a hit is checked at the current time', async () => {
    const now = Math.floor(Date.now() / 1000);
    const token = await sign({ sub: 'a', exp: now + 1 }, secret, { now });
    const verifier = cached();
    expect((await verifier(token)).payload.sub).toBe('a');
    await new Promise((resolve) => setTimeout(resolve, 1100 + (now + 1 - Date.now() / 1000) * 1000));
    await expectCode(verifier(token), 'ERR_JWT_EXPIRED');
  });

  it('is scoped to its own key and options', async () => {
    const token = await sign({ sub: 'a', aud: 'one' }, secret);
    await cached(secret, { audience: 'one' })(token);
    await expectCode(cached(otherSecret)(token), 'ERR_JWT_SIGNATURE');
    await expectCode(cached(secret, { audience: 'two' })(token), 'ERR_JWT_CLAIM');
  });

  it('does not let a tampered token ride on a cached one', async () => {
    const token = await sign({ sub: 'a' }, secret);
    const verifier = cached();
    await verifier(token);
    const [header, payload] = token.split('.');
    const forged = `${header}.${payload}.${'A'.repeat(43)}`;
    await expectCode(verifier(forged), 'ERR_JWT_SIGNATURE');
    await expectCode(verifier(`${token}x`), 'ERR_JWT_SIGNATURE');
  });

  it('holds at most `size` tokens, dropping the least recently used', async () => {
    const [a, b, c] = await Promise.all(['a', 'b', 'c'].map((sub) => sign({ sub }, secret)));
    const verifier = cached();
    const first = await verifier(a!);
    await verifier(b!);
    expect((await verifier(a!)).payload).toBe(first.payload); // a is now the most recent
    await verifier(c!); // evicts b, the least recently used
    expect((await verifier(a!)).payload).toBe(first.payload);
    const bAgain = await verifier(b!);
    expect(bAgain.payload).toEqual({ sub: 'b', iat: expect.any(Number) });
    expect((await verifier(b!)).payload).toBe(bAgain.payload);
    await verifier(c!); // evicts a, now the least recently used
    expect((await verifier(a!)).payload).not.toBe(first.payload);
  });

  it('runs the validate guard on every call, hits included', async () => {
    const token = await sign({ sub: 'a' }, secret);
    let calls = 0;
    const verifier = cached(secret, { validate: (payload) => (calls++, payload) });
    await verifier(token);
    await verifier(token);
    expect(calls).toBe(2);
  });

  it('refuses a key resolver and a bad size with ERR_INVALID_ARGUMENT', () => {
    for (const options of [{ cache: { size: 0 } }, { cache: { size: 1.5 } }, { cache: {} }, { cache: 100 }]) {
      expect(() => createVerifier(secret, options as never)).toThrow(expect.objectContaining({ code: 'ERR_INVALID_ARGUMENT' }));
    }
    expect(() => createVerifier(() => secret, { cache: { size: 10 } })).toThrow(expect.objectContaining({ code: 'ERR_INVALID_ARGUMENT' }));
  });
});

describe('deeply nested payloads and unexpected failures', () => {
  it('a validly signed token of 6,000 nested arrays verifies through the cache, twice, frozen all the way down', async () => {
    const token = nestedToken(6_000, secret as Uint8Array);
    expect((await verify(token, secret)).payload.sub).toBe('a');
    const verifier = createVerifier(secret, { cache: { size: 10 } });
    const first = await verifier(token);
    expect((await verifier(token)).payload).toBe(first.payload);
    let innermost: unknown = first.payload.deep;
    for (let depth = 1; depth < 6_000; depth++) innermost = (innermost as unknown[])[0];
    expect(innermost).toEqual([]);
    expect(Object.isFrozen(innermost)).toBe(true);
    expect(() => (innermost as unknown[]).push(1)).toThrow(TypeError);
  });

  it('deeper still (50,000 levels, a longer maxTokenLength): the cache never overflows the stack', async () => {
    const token = nestedToken(50_000, secret as Uint8Array);
    const verifier = createVerifier(secret, { cache: { size: 10 }, maxTokenLength: 200_000 });
    expect((await verifier(token)).payload.sub).toBe('a');
    expect((await verifier(token)).payload.sub).toBe('a');
  });

  it('a key resolver that throws something other than a JwtError gives ERR_KEY with it as the cause', async () => {
    const token = await sign({ sub: 'a' }, secret);
    const failure = new TypeError('database down');
    const resolver = () => {
      throw failure;
    };
    const error = await expectCode(verify(token, resolver), 'ERR_KEY');
    expect(error.cause).toBe(failure);
    await expectCode(createVerifier(resolver)(token), 'ERR_KEY');
  });
});
