import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createHmac, generateKeyPairSync } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JwtError, decode, importKey, sign, signJws, verify, verifyJws } from '../src/index.js';
import { expectCode, keysFor, pemPair } from './helpers.js';
import { keyEncodings } from './keys/encodings.js';

const b64 = (text: string) => Buffer.from(text).toString('base64url');
const secret = keysFor('HS256').signKey;

describe('alg "none" is never produced or accepted', () => {
  it.each(['none', 'None', 'NONE', 'nOnE'])('verify rejects alg %s with ERR_JWT_ALGORITHM', async (alg) => {
    const token = `${b64(JSON.stringify({ alg, typ: 'JWT' }))}.${b64('{"sub":"admin"}')}.`;
    await expectCode(verify(token, secret), 'ERR_JWT_ALGORITHM');
    await expectCode(verifyJws(token, secret), 'ERR_JWT_ALGORITHM');
    await expectCode(
      verify(token, () => secret),
      'ERR_JWT_ALGORITHM',
    );
  });

  it('sign and signJws refuse alg none with ERR_JWT_ALGORITHM', async () => {
    await expectCode(sign({}, secret, { alg: 'none' as never }), 'ERR_JWT_ALGORITHM');
    await expectCode(signJws('x', secret, { alg: 'NONE' as never }), 'ERR_JWT_ALGORITHM');
  });

  it('a missing or non-string alg is ERR_JWT_ALGORITHM', async () => {
    for (const header of ['{"typ":"JWT"}', '{"alg":null}', '{"alg":256}', '{"alg":""}', '{"alg":"hs256"}']) {
      await expectCode(verify(`${b64(header)}.${b64('{}')}.AAAA`, secret), 'ERR_JWT_ALGORITHM');
    }
  });
});

describe('the alg is bound to the key type', () => {
  const rsa = pemPair('RS256');

  it('an HS256 token made with the RSA public key as the HMAC secret is refused (alg confusion)', async () => {
    const { createHmac } = await import('node:crypto');
    const signingInput = `${b64('{"alg":"HS256","typ":"JWT"}')}.${b64('{"sub":"admin"}')}`;
    const forged = `${signingInput}.${createHmac('sha256', rsa.publicKey).update(signingInput).digest('base64url')}`;
    await expectCode(verify(forged, rsa.publicKey), 'ERR_JWT_ALGORITHM');
    await expectCode(verify(forged, rsa.publicKey, { algorithms: ['HS256'] }), 'ERR_JWT_ALGORITHM');
    const publicJwk = (await import('node:crypto')).createPublicKey(rsa.publicKey).export({ format: 'jwk' });
    await expectCode(verify(forged, publicJwk as never, { algorithms: ['HS256', 'RS256'] }), 'ERR_JWT_ALGORITHM');
  });

  it('key material in any form is never an HMAC secret: PEM or JWK text or bytes, DER, base64 DER', async () => {
    const { createHmac, createPrivateKey, createPublicKey } = await import('node:crypto');
    const publicKey = createPublicKey(rsa.publicKey);
    const jwkText = JSON.stringify(publicKey.export({ format: 'jwk' }));
    const spkiDer = publicKey.export({ type: 'spki', format: 'der' });
    const forms: Array<[string, string | Uint8Array]> = [
      ['PEM bytes (readFileSync)', Buffer.from(rsa.publicKey)],
      ['SPKI DER bytes', spkiDer],
      ['PKCS#1 DER bytes', publicKey.export({ type: 'pkcs1', format: 'der' })],
      ['SEC1 DER bytes', createPrivateKey(pemPair('ES256').privateKey).export({ type: 'sec1', format: 'der' })],
      ['base64 DER without PEM armour', spkiDer.toString('base64')],
      ['PEM after a preamble', `Bag Attributes\n    friendlyName: server\n${rsa.publicKey}`],
      ['JWK as JSON text', jwkText],
      ['JWK as JSON text after a BOM', `\uFEFF${jwkText}`],
      ['JWK as JSON bytes with a BOM (readFileSync)', Buffer.from(`\uFEFF${jwkText}`)],
      ['JWK set as JSON text', JSON.stringify({ keys: [JSON.parse(jwkText)] })],
    ];
    const signingInput = `${b64('{"alg":"HS256","typ":"JWT"}')}.${b64('{"sub":"admin"}')}`;
    for (const [form, material] of forms) {
      const forged = `${signingInput}.${createHmac('sha256', material).update(signingInput).digest('base64url')}`;
      const error = await verify(forged, material).then(
        () => undefined,
        (caught: unknown) => caught,
      );
      expect(error, form).toBeInstanceOf(JwtError);
      expect(['ERR_JWT_ALGORITHM', 'ERR_KEY'], form).toContain((error as JwtError).code);
    }
    // The PEM forms are real keys: a genuine RS256 token verifies with them.
    const genuine = await sign({ sub: 'user' }, rsa.privateKey);
    expect((await verify(genuine, Buffer.from(rsa.publicKey))).payload.sub).toBe('user');
    expect((await verify(genuine, `Bag Attributes\n    friendlyName: server\n${rsa.publicKey}`)).payload.sub).toBe('user');
  });

  it('a public key in any encoding one can meet is never an HMAC secret: verify without algorithms and sign are ERR_KEY', async () => {
    const signingInput = `${b64('{"alg":"HS256","typ":"JWT"}')}.${b64('{"sub":"admin"}')}`;
    for (const alg of ['RS256', 'ES256', 'EdDSA'] as const) {
      for (const [form, material] of keyEncodings(alg)) {
        const label = `${alg} ${form}`;
        const forged = `${signingInput}.${createHmac('sha256', material).update(signingInput).digest('base64url')}`;
        const outcomes = [verify(forged, material), sign({ sub: 'admin' }, material), sign({ sub: 'admin' }, material, { alg: 'HS256' })];
        for (const outcome of outcomes) {
          const error = await outcome.then(
            () => undefined,
            (caught: unknown) => caught,
          );
          expect((error as JwtError | undefined)?.code, label).toBe('ERR_KEY');
        }
      }
    }
  });

  it('random secrets, as bytes or base64 text, are never mistaken for key material', async () => {
    const { randomBytes } = await import('node:crypto');
    for (let i = 0; i < 2_000; i++) {
      const bytes = randomBytes(32 + (i % 40));
      await importKey(new Uint8Array(bytes), 'HS256');
      await importKey(bytes.toString('base64'), 'HS256');
      await importKey(bytes.toString('base64url'), 'HS256');
      await importKey(bytes.toString('hex'), 'HS256');
    }
    // Bytes that happen to read as a JSON string in Latin-1 (a quote, non-ASCII bytes, a quote) are still a secret.
    await importKey(new Uint8Array([0x22, ...new Array<number>(32).fill(0xe9), 0x22]), 'HS256');
  });

  it('a PEM is never used as an HMAC secret', async () => {
    await expectCode(importKey(rsa.publicKey, 'HS256'), 'ERR_KEY');
    await expectCode(sign({}, rsa.privateKey, { alg: 'HS256' }), 'ERR_KEY');
  });

  it('an RS256 token is refused by an EC key and vice versa', async () => {
    const rsToken = await sign({}, rsa.privateKey);
    await expectCode(verify(rsToken, pemPair('ES256').publicKey), 'ERR_JWT_ALGORITHM');
    const esToken = await sign({}, pemPair('ES256').privateKey);
    await expectCode(verify(esToken, rsa.publicKey), 'ERR_JWT_ALGORITHM');
    await expectCode(verify(esToken, pemPair('ES384').publicKey), 'ERR_JWT_ALGORITHM');
  });

  it('a Key imported for one alg verifies only that alg', async () => {
    const token = await sign({}, rsa.privateKey, { alg: 'PS256' });
    await expectCode(verify(token, await importKey(rsa.publicKey, 'RS256')), 'ERR_JWT_ALGORITHM');
  });
});

describe('keys are never taken from the token', () => {
  let requests = 0;
  let url = '';
  const server = createServer((_req, res) => {
    requests++;
    res.end('{"keys":[]}');
  });
  beforeAll(async () => {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/jwks.json`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('ignores jwk, jku, x5u and x5c in the header: an attacker key inside the token does not verify', async () => {
    const attacker = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const attackerJwk = attacker.publicKey.export({ format: 'jwk' });
    const victim = pemPair('ES256');
    const token = await sign({ sub: 'admin' }, attacker.privateKey.export({ type: 'pkcs8', format: 'pem' }) as string, {
      header: { jwk: attackerJwk, jku: url, x5u: url, x5c: ['MIIB'] },
    });
    await expectCode(verify(token, victim.publicKey), 'ERR_JWT_SIGNATURE');
    await expectCode(verifyJws(token, victim.publicKey), 'ERR_JWT_SIGNATURE');
    expect(requests).toBe(0);
  });
});

describe('crit (RFC 7515 §4.1.11)', () => {
  async function tokenWith(header: Record<string, unknown>): Promise<string> {
    // Signed correctly, so the only thing wrong is the header: sign a raw header by hand.
    const { createHmac } = await import('node:crypto');
    const input = `${b64(JSON.stringify({ alg: 'HS256', ...header }))}.${b64('{}')}`;
    return `${input}.${createHmac('sha256', secret as Uint8Array)
      .update(input)
      .digest('base64url')}`;
  }

  it('a well-signed token without crit verifies (control)', async () => {
    expect((await verify(await tokenWith({ typ: 'JWT' }), secret)).header.alg).toBe('HS256');
  });

  it.each([
    ['an unknown extension', { crit: ['exp'], exp: 1 }],
    ['b64 (RFC 7797: a JWT never has an unencoded payload)', { crit: ['b64'], b64: false }],
    ['b64 without crit', { b64: true }],
    ['a non-array', { crit: 'exp', exp: 1 }],
    ['an empty array', { crit: [] }],
    ['a registered name', { crit: ['alg'] }],
    ['a name missing from the header', { crit: ['http://example.com/ext'] }],
    ['a non-string entry', { crit: [1] }],
  ])('rejects crit with %s (ERR_JWT_MALFORMED)', async (_name, header) => {
    await expectCode(verify(await tokenWith(header), secret), 'ERR_JWT_MALFORMED');
  });

  it('keeps the names crit lists out of the message (they come from the token)', async () => {
    const error = await expectCode(verify(await tokenWith({ crit: ['SECRET\nFAKE LOG LINE'], 'SECRET\nFAKE LOG LINE': 1 }), secret), 'ERR_JWT_MALFORMED');
    expect(error.message).not.toContain('SECRET');
  });
});

describe('the signature is checked before the claims', () => {
  it('an expired token with a bad signature reports the signature', async () => {
    const token = await sign({}, secret, { expiresIn: 1, now: 1_000 });
    const forged = `${token.slice(0, token.lastIndexOf('.'))}.${b64('x'.repeat(32))}`;
    await expectCode(verify(forged, secret), 'ERR_JWT_SIGNATURE');
    await expectCode(verify(token, secret), 'ERR_JWT_EXPIRED');
  });

  it('a token with a wrong issuer and a bad signature reports the signature', async () => {
    const token = await sign({ iss: 'evil' }, secret);
    await expectCode(verify(`${token.slice(0, -4)}AAAA`, secret, { issuer: 'good' }), 'ERR_JWT_SIGNATURE');
  });
});

describe('__proto__ in a token cannot pollute anything', () => {
  it('stays an ordinary claim and header parameter', async () => {
    const token = await signJws('{"__proto__":{"polluted":true},"sub":"x"}', secret, { header: JSON.parse('{"__proto__":{"polluted":true}}') });
    const { header, payload } = await verify(token, secret);
    expect(Object.hasOwn(payload, '__proto__')).toBe(true);
    expect(Object.getPrototypeOf(payload)).toBe(Object.prototype);
    expect(Object.hasOwn(header, '__proto__')).toBe(true);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect((payload as Record<string, unknown>).polluted).toBeUndefined();
    const resigned = await sign(payload, secret, { iat: false });
    expect(decode(resigned).payload).toEqual(payload);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('requiredClaims and claim matchers look at own claims only', async () => {
    const token = await sign({}, secret);
    await expectCode(verify(token, secret, { requiredClaims: ['constructor'] }), 'ERR_JWT_CLAIM');
    await expectCode(verify(token, secret, { requiredClaims: ['toString'] }), 'ERR_JWT_CLAIM');
  });
});

/** A small deterministic PRNG, so a failure can be replayed. */
function random(seed: number): () => number {
  return () => {
    seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
    return seed / 2 ** 31;
  };
}

describe('bad input only ever produces JwtError', () => {
  const next = random(7);
  const alphabet = 'AZaz09-_.=+/ {}"eyJ\u00e9\u0000';
  const valid = 'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJ4In0.AAAA';
  function junk(): string {
    if (next() < 0.5) {
      // Mutate a valid-looking token: the interesting paths are near valid input.
      const chars = [...valid];
      for (let i = 0; i < 1 + next() * 4; i++) chars[Math.floor(next() * chars.length)] = alphabet[Math.floor(next() * alphabet.length)]!;
      return chars.join('');
    }
    let text = '';
    for (let i = 0; i < next() * 60; i++) text += alphabet[Math.floor(next() * alphabet.length)];
    return text;
  }

  it('decode and verify throw nothing but JwtError for 2,000 random tokens', async () => {
    for (let i = 0; i < 2_000; i++) {
      const token = junk();
      for (const attempt of [() => decode(token), () => verify(token, secret)]) {
        try {
          await attempt();
        } catch (error) {
          expect(error, token).toBeInstanceOf(JwtError);
        }
      }
    }
  });
});

describe('error messages are safe to log', () => {
  it('never contain the token, its segments or the key material', async () => {
    const pem = pemPair('RS256');
    const token = await sign({ secret_claim: 'hunter2-is-my-password' }, secret, { expiresIn: 1, now: 1_000 });
    const [h, p, s] = token.split('.');
    const failures: Array<() => Promise<unknown>> = [
      () => verify(token, secret),
      () => verify(token, 'y'.repeat(32)),
      () => verify(`${h}.${p}`, secret),
      () => verify(`${h}.${p}.${s}x`, secret),
      () => verify(token, pem.publicKey),
      () => verify(token, secret, { issuer: 'hunter2-is-my-password' }),
      () => importKey(pem.publicKey, 'HS256'),
      () => importKey('short-secret-hunter2', 'HS256'),
      () => importKey(`${pem.publicKey.slice(0, 60)}garbage\n-----END PUBLIC KEY-----`, 'RS256'),
    ];
    const needles = [token, h!, p!, s!, 'hunter2', Buffer.from(secret as Uint8Array).toString('base64url'), pem.publicKey.split('\n')[1]!];
    for (const failure of failures) {
      const error = await failure().then(
        () => undefined,
        (caught: unknown) => caught,
      );
      expect(error).toBeInstanceOf(JwtError);
      for (const needle of needles) expect((error as Error).message).not.toContain(needle);
    }
  });
});
