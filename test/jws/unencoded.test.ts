/**
 * RFC 7797 unencoded payloads (`b64: false`) in the compact form: the RFC 7797 §4 examples verify
 * and are reproduced byte for byte, tampering fails with the right code, `crit` stays strict (only
 * `b64`, only when listed), a JWT never has an unencoded payload, and jose agrees both ways.
 */
import { createHmac } from 'node:crypto';
import { FlattenedSign, compactVerify, flattenedVerify } from 'jose';
import { describe, expect, it } from 'vitest';
import { type Jwk, sign, signJws, verify, verifyJws } from '../../src/index.js';
import { checkCrit, refuseExtensions } from '../../src/jws/header.js';
import { expectCode, keysFor } from '../helpers.js';
import { rfc7797 } from '../vectors/load.js';

const control = rfc7797.find((v) => v.id === 'rfc7797-4.1')!;
const detached = rfc7797.find((v) => v.id === 'rfc7797-4.2-compact-detached')!;
const key = control.key!.secret_jwk as Jwk;
const secret = Buffer.from(key.k!, 'base64url');
const b64u = (text: string | Uint8Array): string => Buffer.from(text).toString('base64url');
const text = (bytes: Uint8Array): string => new TextDecoder().decode(bytes);

/** A compact JWS with exactly this header, signed (HS256, RFC 7797 key) over `header.payloadPart` as given. */
function signedWith(header: Record<string, unknown>, payloadPart: string): string {
  const input = `${b64u(JSON.stringify(header))}.${payloadPart}`;
  return `${input}.${createHmac('sha256', secret).update(input).digest('base64url')}`;
}

describe('RFC 7797 §4 examples', () => {
  it('§4.1: the control JWS (b64 true) verifies and is reproduced', async () => {
    expect(text((await verifyJws(control.token as string, key)).payload)).toBe('$.02');
    expect(await signJws('$.02', key, { alg: 'HS256' })).toBe(control.token);
  });

  it('§4.2: the detached b64:false JWS verifies with the payload as text or bytes, header as given', async () => {
    const result = await verifyJws(detached.token as string, key, { detachedPayload: '$.02' });
    expect(text(result.payload)).toBe('$.02');
    expect(result.header).toStrictEqual({ alg: 'HS256', b64: false, crit: ['b64'] });
    expect(text((await verifyJws(detached.token as string, key, { detachedPayload: new TextEncoder().encode('$.02') })).payload)).toBe('$.02');
  });

  it('§4.2: signJws({ b64: false, detached: true }) reproduces it exactly', async () => {
    expect(await signJws('$.02', key, { alg: 'HS256', b64: false, detached: true })).toBe(detached.token);
  });

  it('the two examples have the same payload and key but different signatures: the signing inputs differ', () => {
    expect((control.token as string).split('.')[2]).not.toBe((detached.token as string).split('.')[2]);
  });

  describe('tampering with §4.2', () => {
    const [h, , s] = (detached.token as string).split('.') as [string, string, string];

    it('another payload: ERR_JWT_SIGNATURE', async () => {
      await expectCode(verifyJws(detached.token as string, key, { detachedPayload: '$.03' }), 'ERR_JWT_SIGNATURE');
    });

    it('the payload base64url-encoded instead (the b64:true reading): ERR_JWT_SIGNATURE', async () => {
      await expectCode(verifyJws(`${h}.${b64u('$.02')}.${s}`, key), 'ERR_JWT_SIGNATURE');
    });

    it('no payload at all: ERR_JWT_SIGNATURE', async () => {
      await expectCode(verifyJws(detached.token as string, key), 'ERR_JWT_SIGNATURE');
    });

    it('one signature character: ERR_JWT_SIGNATURE', async () => {
      await expectCode(verifyJws(`${h}..${s[0] === 'A' ? 'B' : 'A'}${s.slice(1)}`, key, { detachedPayload: '$.02' }), 'ERR_JWT_SIGNATURE');
    });

    it('the header without b64 (so the payload would be read encoded): ERR_JWT_SIGNATURE', async () => {
      await expectCode(verifyJws(`${b64u('{"alg":"HS256"}')}..${s}`, key, { detachedPayload: '$.02' }), 'ERR_JWT_SIGNATURE');
    });

    it('the header with b64 but without crit: ERR_JWT_MALFORMED, before any key work', async () => {
      await expectCode(verifyJws(`${b64u('{"alg":"HS256","b64":false}')}..${s}`, key, { detachedPayload: '$.02' }), 'ERR_JWT_MALFORMED');
    });

    it('the signature of §4.2 under the §4.1 header: ERR_JWT_SIGNATURE', async () => {
      const [controlHeader] = (control.token as string).split('.');
      await expectCode(verifyJws(`${controlHeader}.${b64u('$.02')}.${s}`, key), 'ERR_JWT_SIGNATURE');
    });

    it('a payload given both in the token and detached: ERR_JWT_MALFORMED', async () => {
      await expectCode(verifyJws(`${h}.x.${s}`, key, { detachedPayload: '$.02' }), 'ERR_JWT_MALFORMED');
    });
  });
});

describe('signJws / verifyJws with b64: false', () => {
  const hs = keysFor('HS256').signKey;

  it('keeps a payload without "." in the token as its own text, and verifies it', async () => {
    const token = await signJws('héllo wörld', hs, { b64: false, header: { kid: 'k1' } });
    const [h, p] = token.split('.');
    expect(JSON.parse(Buffer.from(h!, 'base64url').toString())).toStrictEqual({ alg: 'HS256', b64: false, crit: ['b64'], kid: 'k1' });
    expect(p).toBe('héllo wörld');
    expect(text((await verifyJws(token, hs)).payload)).toBe('héllo wörld');
  });

  it('detached, any bytes: the token carries none of them', async () => {
    const bytes = new Uint8Array([0, 0xff, 0x2e, 0x80]);
    const token = await signJws(bytes, hs, { b64: false, detached: true });
    expect(token.split('.')[1]).toBe('');
    expect((await verifyJws(token, hs, { detachedPayload: bytes })).payload).toEqual(bytes);
    await expectCode(verifyJws(token, hs, { detachedPayload: new Uint8Array([0, 0xff, 0x2e, 0x81]) }), 'ERR_JWT_SIGNATURE');
  });

  it('detached with b64 true: the RFC 7515 App. F form, header without b64', async () => {
    const token = await signJws('body', hs, { detached: true });
    const [h, p] = token.split('.');
    expect(JSON.parse(Buffer.from(h!, 'base64url').toString())).toStrictEqual({ alg: 'HS256' });
    expect(p).toBe('');
    expect(text((await verifyJws(token, hs, { detachedPayload: 'body' })).payload)).toBe('body');
  });

  it.each([
    ['a payload with "."', 'a.b'],
    ['bytes that are not UTF-8', new Uint8Array([0xff])],
  ])('refuses to put %s in a compact token (ERR_INVALID_ARGUMENT): only detached', async (_name, payload) => {
    await expectCode(signJws(payload, hs, { b64: false }), 'ERR_INVALID_ARGUMENT');
    expect(await signJws(payload, hs, { b64: false, detached: true })).toMatch(/^[\w-]+\.\.[\w-]+$/);
  });

  it.each([
    ['b64', 'false'],
    ['detached', 1],
  ])('checks the %s option (ERR_INVALID_ARGUMENT)', async (name, value) => {
    await expectCode(signJws('x', hs, { [name]: value }), 'ERR_INVALID_ARGUMENT');
  });

  it('checks detachedPayload (ERR_INVALID_ARGUMENT)', async () => {
    await expectCode(verifyJws(detached.token as string, key, { detachedPayload: 42 as never }), 'ERR_INVALID_ARGUMENT');
  });
});

describe('crit stays strict', () => {
  const b64False = { alg: 'HS256', b64: false, crit: ['b64'] };

  it('b64: true listed in crit verifies as an ordinary (encoded) JWS', async () => {
    const token = signedWith({ alg: 'HS256', b64: true, crit: ['b64'] }, b64u('$.02'));
    expect(text((await verifyJws(token, key)).payload)).toBe('$.02');
  });

  it.each([
    ['b64 without crit', { alg: 'HS256', b64: false }],
    ['b64 true without crit', { alg: 'HS256', b64: true }],
    ['crit [b64] without b64', { alg: 'HS256', crit: ['b64'] }],
    ['b64 that is not a boolean', { alg: 'HS256', b64: 'false', crit: ['b64'] }],
    ['b64 listed twice', { ...b64False, crit: ['b64', 'b64'] }],
    ['an unknown extension next to b64', { ...b64False, crit: ['b64', 'exp'], exp: 1 }],
    ['a registered name next to b64', { ...b64False, crit: ['b64', 'alg'] }],
    ['crit as a string', { ...b64False, crit: 'b64' }],
    ['an empty crit', { alg: 'HS256', crit: [] }],
  ])('verifyJws refuses %s (ERR_JWT_MALFORMED)', async (_name, header) => {
    await expectCode(verifyJws(signedWith(header, '$'), key), 'ERR_JWT_MALFORMED');
  });

  it('a JWT never has an unencoded payload: verify refuses b64 (with crit or not) with ERR_JWT_MALFORMED', async () => {
    await expectCode(verify(signedWith(b64False, '{}'), key), 'ERR_JWT_MALFORMED');
    await expectCode(verify(signedWith({ alg: 'HS256', b64: true, crit: ['b64'] }, b64u('{}')), key), 'ERR_JWT_MALFORMED');
    await expectCode(sign({}, key, { header: { b64: false } }), 'ERR_INVALID_ARGUMENT');
  });

  it('checkCrit with nothing understood (a JWT, a JWE) is refuseExtensions', () => {
    const headers: Record<string, unknown>[] = [
      { alg: 'A' },
      { alg: 'A', b64: true },
      { alg: 'A', crit: ['b64'], b64: false },
      { alg: 'A', crit: [] },
      { alg: 'A', crit: ['x'], x: 1 },
    ];
    const outcome = (check: () => void): string => {
      try {
        check();
        return 'ok';
      } catch (error) {
        return (error as { code: string }).code;
      }
    };
    for (const header of headers) expect(outcome(() => checkCrit(header))).toBe(outcome(() => refuseExtensions(header)));
    expect(headers.map((header) => outcome(() => checkCrit(header)))).toEqual([
      'ok',
      'ERR_JWT_MALFORMED',
      'ERR_JWT_MALFORMED',
      'ERR_JWT_MALFORMED',
      'ERR_JWT_MALFORMED',
    ]);
  });
});

describe('interop with jose (compact b64: false)', () => {
  const hs = new Uint8Array(keysFor('HS256').signKey as Uint8Array);
  const header = { alg: 'HS256', b64: false, crit: ['b64'] };

  /**
   * jose makes b64:false only in the flattened form ("use the flattened module"), and always with
   * the payload detached (an empty "payload"): its protected header and signature.
   */
  async function joseUnencoded(payload: string): Promise<[string, string]> {
    const jws = await new FlattenedSign(new TextEncoder().encode(payload)).setProtectedHeader(header).sign(hs);
    expect(jws.payload).toBe('');
    return [jws.protected!, jws.signature];
  }

  it('jose → jwtkit: the payload put back in as text', async () => {
    const [h, s] = await joseUnencoded('jose says hi');
    expect(text((await verifyJws(`${h}.jose says hi.${s}`, hs)).payload)).toBe('jose says hi');
    await expectCode(verifyJws(`${h}.jose says hi!.${s}`, hs), 'ERR_JWT_SIGNATURE');
  });

  it('jose → jwtkit: detached', async () => {
    const [h, s] = await joseUnencoded('$.02');
    expect(text((await verifyJws(`${h}..${s}`, hs, { detachedPayload: '$.02' })).payload)).toBe('$.02');
    await expectCode(verifyJws(`${h}..${s}`, hs, { detachedPayload: '$.03' }), 'ERR_JWT_SIGNATURE');
  });

  it('jwtkit → jose: attached and detached', async () => {
    const attached = await signJws('jwtkit says hi', hs, { b64: false });
    expect(text((await compactVerify(attached, hs)).payload)).toBe('jwtkit says hi');
    const [h, , s] = (await signJws('$.02', hs, { b64: false, detached: true })).split('.');
    expect(text((await flattenedVerify({ protected: h!, payload: '$.02', signature: s! }, hs)).payload)).toBe('$.02');
  });
});
