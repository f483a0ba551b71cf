import { isUtf8 } from 'node:buffer';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { JwtError, JwtMalformedError, createVerifier, decode, importKey, sign, verify } from '../src/index.js';
import { parseBearer } from '../src/sessions/index.js';
import { decodeBytes, decodeString, encodeBytes, encodeString } from '../src/util/base64url.js';
import { keysFor, nestedToken } from './helpers.js';
import { keyEncodings } from './keys/encodings.js';

/** Properties over generated inputs (fast-check): bounded runs, reproducible from the printed seed. */

describe('base64url', () => {
  it('round-trips any bytes, spelled as Node spells base64url', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (bytes) => {
        const text = encodeBytes(bytes);
        expect(text).toBe(Buffer.from(bytes).toString('base64url'));
        expect(decodeBytes(text)).toEqual(bytes);
      }),
      { numRuns: 500 },
    );
  });

  it('decodes text as strict UTF-8: any string round-trips (ASCII or not), any invalid UTF-8 is ERR_JWT_MALFORMED', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 60 }), fc.uint8Array({ maxLength: 40 }), (text, bytes) => {
        expect(decodeString(encodeString(text))).toBe(text);
        if (isUtf8(bytes)) expect(decodeString(encodeBytes(bytes))).toBe(Buffer.from(bytes).toString('utf8'));
        else expect(() => decodeString(encodeBytes(bytes))).toThrow(JwtMalformedError);
      }),
      { numRuns: 1_000 },
    );
  });

  it('gives every byte string exactly one spelling: any text decodes to bytes that encode back to it, or is ERR_JWT_MALFORMED', () => {
    const alphabet = fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_=+/ .\n');
    fc.assert(
      fc.property(fc.string({ unit: alphabet, maxLength: 40 }), (text) => {
        let bytes: Uint8Array;
        try {
          bytes = decodeBytes(text);
        } catch (error) {
          expect(error).toBeInstanceOf(JwtMalformedError);
          return;
        }
        expect(encodeBytes(bytes)).toBe(text);
      }),
      { numRuns: 2_000 },
    );
  });
});

const REGISTERED = new Set(['iss', 'sub', 'aud', 'exp', 'nbf', 'iat', 'jti']);
const claimName = fc.oneof(fc.string({ maxLength: 12 }), fc.constantFrom('__proto__', 'constructor', 'toString')).filter((name) => !REGISTERED.has(name));
const payloads = fc.dictionary(claimName, fc.jsonValue({ maxDepth: 3 }), { maxKeys: 8 });

describe('sign → verify', () => {
  const secret = keysFor('HS256').signKey;

  it('gives back exactly the JSON that was signed, for any claims (unicode, __proto__, nesting)', async () => {
    await fc.assert(
      fc.asyncProperty(payloads, async (payload) => {
        const token = await sign(payload, secret, { iat: false });
        const { payload: verified } = await verify(token, secret);
        expect(verified).toEqual(JSON.parse(JSON.stringify(payload)));
        expect(decode(token).payload).toEqual(verified);
      }),
      { numRuns: 300 },
    );
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('throws only JwtError for any string given as a token', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ maxLength: 120 }), async (token) => {
        for (const attempt of [() => decode(token), () => verify(token, secret)]) {
          await expect(Promise.resolve().then(attempt)).rejects.toBeInstanceOf(JwtError);
        }
      }),
      { numRuns: 1_000 },
    );
  });
});

/** parseBearer's answer as a comparable value: the token, null, or the error code. */
function bearerOutcome(header: string): string | null {
  try {
    return parseBearer(header);
  } catch (error) {
    expect(error).toBeInstanceOf(JwtError);
    return (error as JwtError).code;
  }
}

describe('parseBearer', () => {
  // Headers built from pieces that matter to the grammar, with long runs of spaces and tabs anywhere.
  const whitespaceRun = fc.tuple(fc.constantFrom(' ', '\t', ' \t'), fc.integer({ min: 1, max: 3_000 })).map(([unit, count]) => unit.repeat(count));
  const piece = fc.oneof(fc.constantFrom('Bearer', 'bearer', 'Basic', ' ', '\t', 'abc.def', '=', ',', '"', 'é'), whitespaceRun);
  const header = fc.array(piece, { maxLength: 8 }).map((pieces) => pieces.join(''));

  it('answers a token, null or ERR_BEARER_MALFORMED for any header; whitespace around it changes nothing; over 8 KiB is refused', () => {
    fc.assert(
      fc.property(header, whitespaceRun, (value, padding) => {
        const outcome = bearerOutcome(value);
        if (value.length > 8192) expect(outcome).toBe('ERR_BEARER_MALFORMED');
        else expect(outcome === null || outcome === 'ERR_BEARER_MALFORMED' || /^[A-Za-z0-9\-._~+/]+=*$/.test(outcome)).toBe(true);
        const padded = `${padding}${value}${padding}`;
        if (padded.length <= 8192) expect(bearerOutcome(padded)).toBe(outcome);
      }),
      { numRuns: 300 },
    );
  });
});

describe('key material is never an HMAC secret', () => {
  const encodings = (['RS256', 'ES256', 'EdDSA'] as const).flatMap((alg) =>
    keyEncodings(alg).map(([form, material]) => ({ form: `${alg} ${form}`, material })),
  );
  const space = fc.constantFrom('', ' ', '\n', '\r\n', '\t \n');
  const trailer = fc.constantFrom('', '\n', '\0', '\r\n\n', '\0\0');

  it('refuses each encoding of a key, as text or bytes, with whitespace around it or bytes after it (ERR_KEY)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...encodings), space, trailer, fc.boolean(), async ({ form, material }, before, after, asBytes) => {
        const wrapped = typeof material === 'string' ? `${before}${material}${after}` : Buffer.concat([material, Buffer.from(after, 'latin1')]);
        const candidate = asBytes && typeof wrapped === 'string' ? Buffer.from(wrapped) : wrapped;
        const error = await importKey(candidate, 'HS256').then(
          () => undefined,
          (caught: unknown) => caught,
        );
        expect((error as JwtError | undefined)?.code, form).toBe('ERR_KEY');
      }),
      { numRuns: 400 },
    );
  });

  it('takes random secrets as secrets in every text spelling (base64, base64url, unpadded, hex) and as bytes', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ minLength: 32, maxLength: 96 }), async (bytes) => {
        const buffer = Buffer.from(bytes);
        for (const secret of [
          bytes,
          buffer.toString('base64'),
          buffer.toString('base64').replace(/=+$/, ''),
          buffer.toString('base64url'),
          buffer.toString('hex'),
        ]) {
          await importKey(secret, 'HS256');
        }
      }),
      { numRuns: 300 },
    );
  });
});

describe('deep nesting through the verified-token cache', () => {
  const key = keysFor('HS256').signKey as Uint8Array;

  it('verifies any nesting depth that fits the token, as a hit too, and throws nothing but JwtError', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 6_000 }), async (depth) => {
        const verifier = createVerifier(key, { cache: { size: 2 } });
        const token = nestedToken(depth, key);
        const first = await verifier(token);
        expect((await verifier(token)).payload).toBe(first.payload);
        expect(Object.isFrozen(first.payload.deep)).toBe(true);
      }),
      { numRuns: 40 },
    );
  });
});
