/**
 * decodeProtectedHeader: the protected header of every RFC example, JWS and JWE, compact and JSON
 * (object and text), as the RFC gives it and as jose's decodeProtectedHeader reads it; malformed
 * input is ERR_JWT_MALFORMED, whatever it is.
 */
import { decodeProtectedHeader as joseDecodeProtectedHeader } from 'jose';
import { describe, expect, it } from 'vitest';
import { decode, decodeProtectedHeader } from '../../src/index.js';
import { expectCode } from '../helpers.js';
import { ALL_VECTORS, JWE_VECTORS, type Vector, rfc7797 } from '../vectors/load.js';

/** The protected header the RFC gives for a vector: top level, or the first signature's (general JWS); `{}` when there is none. */
function expectedHeader(v: Vector): Record<string, unknown> {
  return v.expected.protected_header ?? v.expected.signatures?.[0]?.protected_header ?? {};
}

const jose = [...ALL_VECTORS, ...rfc7797, ...JWE_VECTORS].filter((v) => v.type === 'JWS' || v.type === 'JWE');
const rows = jose.map((v) => [v.id, v.serialization!, v] as const);
const utf8 = (text: string): string => Buffer.from(text, 'utf8').toString('base64url');

describe('decodeProtectedHeader over the RFC examples', () => {
  it('covers compact and JSON, JWS and JWE, with and without a protected header', () => {
    const kinds = new Set(jose.map((v) => `${v.type} ${v.serialization}`));
    expect([...kinds].sort()).toEqual(['JWE compact', 'JWE flattened-json', 'JWE general-json', 'JWS compact', 'JWS flattened-json', 'JWS general-json']);
    expect(jose.filter((v) => expectedHeader(v) && Object.keys(expectedHeader(v)).length === 0).map((v) => v.id)).toEqual([
      'rfc7520-4.7-general',
      'rfc7520-4.7-flattened',
      'rfc7520-5.12-general',
      'rfc7520-5.12-flattened',
    ]);
  });

  it.each(rows)('%s (%s): gives the protected header, from the token and from its JSON text', (_id, serialization, v) => {
    expect(decodeProtectedHeader(v.token as string | object)).toStrictEqual(expectedHeader(v));
    if (serialization !== 'compact') expect(decodeProtectedHeader(JSON.stringify(v.token, null, 2))).toStrictEqual(expectedHeader(v));
  });

  it.each(rows)('%s (%s): agrees with jose wherever jose reads one', (_id, _serialization, v) => {
    let joseHeader: unknown;
    try {
      joseHeader = joseDecodeProtectedHeader(v.token as string);
    } catch {
      return; // jose reads no header for a general JWS or an object without "protected"
    }
    expect(decodeProtectedHeader(v.token as string | object)).toStrictEqual(joseHeader);
  });
});

describe('decodeProtectedHeader on what is not a JOSE object', () => {
  const header = utf8('{"alg":"HS256"}');

  it('reads any payload: a JWS whose payload is not JSON (which decode refuses)', async () => {
    const token = `${header}.${utf8('plain text')}.c2ln`;
    expect(decodeProtectedHeader(token)).toStrictEqual({ alg: 'HS256' });
    await expectCode(() => decode(token), 'ERR_JWT_MALFORMED');
  });

  it.each([
    ['two segments', `${header}.x`],
    ['four segments', `${header}.x.y.z`],
    ['six segments', `${header}.a.b.c.d.e`],
    ['an empty header', '.x.y'],
    ['padded base64url', `${header}=.x.y`],
    ['standard base64', `${Buffer.from('{"alg":"HS256","x":"~~~"}').toString('base64')}.x.y`],
    ['a header that is JSON but not an object', `${utf8('["alg"]')}.x.y`],
    ['a header that is not JSON', `${utf8('{alg:HS256}')}.x.y`],
    ['invalid UTF-8', `${Buffer.from([0x7b, 0xff, 0x7d]).toString('base64url')}.x.y`],
    ['JSON text that is not an object', '{"protected": '],
    ['a JSON "protected" that is not a string', { protected: 42, payload: '', signature: '' }],
    ['a JSON "protected" that is not base64url', { protected: 'e30=', payload: '', signature: '' }],
    ['"signatures" that is empty', { payload: '', signatures: [] }],
    ['"signatures" that holds no object', { payload: '', signatures: ['x'] }],
    ['an array', []],
    ['null', null],
    ['a number', 42],
  ])('refuses %s with ERR_JWT_MALFORMED', async (_name, token) => {
    await expectCode(() => decodeProtectedHeader(token as string), 'ERR_JWT_MALFORMED');
  });

  it('applies maxTokenLength (default 16,384) to text, and checks the option', async () => {
    const long = `${header}.${'A'.repeat(16_384)}.c2ln`;
    await expectCode(() => decodeProtectedHeader(long), 'ERR_JWT_MALFORMED');
    expect(decodeProtectedHeader(long, { maxTokenLength: 20_000 })).toStrictEqual({ alg: 'HS256' });
    await expectCode(() => decodeProtectedHeader(long, { maxTokenLength: -1 }), 'ERR_INVALID_ARGUMENT');
  });

  it('hands out a copy: changing it does not change the next answer', () => {
    const token = `${header}.x.y`;
    decodeProtectedHeader(token).alg = 'none';
    expect(decodeProtectedHeader(token)).toStrictEqual({ alg: 'HS256' });
  });
});
