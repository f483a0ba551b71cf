import { describe, expect, it } from 'vitest';
import { decode, sign, signJws, verify, verifyJws } from '../../src/index.js';
import { expectCode, keysFor } from '../helpers.js';

const secret = keysFor('HS256').signKey;
const b64 = (text: string) => Buffer.from(text).toString('base64url');
const header = b64('{"alg":"HS256","typ":"JWT"}');
const payload = b64('{"sub":"user-1"}');

describe('compact segments', () => {
  it.each([
    ['two segments', `${header}.${payload}`],
    ['four segments', `${header}.${payload}.sig.extra`],
    ['one segment', header],
    ['empty string', ''],
    ['empty header', `.${payload}.`],
    ['header not JSON', `${b64('{alg:HS256}')}.${payload}.`],
    ['header a JSON array', `${b64('["HS256"]')}.${payload}.`],
    ['header JSON null', `${b64('null')}.${payload}.`],
    ['payload a JSON string', `${header}.${b64('"hello"')}.`],
    ['payload a JSON array', `${header}.${b64('[1,2]')}.`],
    ['payload empty', `${header}..`],
    ['padding in a segment', `${header}.${payload}=.`],
    ['standard base64 characters', `${header}.${Buffer.from('{"a":"??>"}').toString('base64')}.`],
    ['whitespace inside a segment', `${header}. ${payload}.`],
    ['invalid UTF-8 in the payload', `${header}.${Buffer.from([0x7b, 0xff, 0x7d]).toString('base64url')}.`],
    ['signature not base64url', `${header}.${payload}.ab+c`],
  ])('decode and verify reject %s with ERR_JWT_MALFORMED', async (_name, token) => {
    await expectCode(() => decode(token), 'ERR_JWT_MALFORMED');
    await expectCode(verify(token, secret), 'ERR_JWT_MALFORMED');
  });

  it('rejects non-string tokens with ERR_JWT_MALFORMED', async () => {
    for (const token of [undefined, null, 42, {}, ['a.b.c'], new Uint8Array(3)]) {
      await expectCode(() => decode(token as unknown as string), 'ERR_JWT_MALFORMED');
      await expectCode(verify(token as unknown as string, secret), 'ERR_JWT_MALFORMED');
    }
  });

  it('enforces maxTokenLength before any other work (default 16,384 characters)', async () => {
    const big = await sign({ filler: 'x'.repeat(16_384) }, secret);
    await expectCode(() => decode(big), 'ERR_JWT_MALFORMED');
    await expectCode(verify(big, secret), 'ERR_JWT_MALFORMED');
    expect((await verify(big, secret, { maxTokenLength: 32_768 })).payload.filler).toHaveLength(16_384);
    const small = await sign({}, secret);
    await expectCode(verify(small, secret, { maxTokenLength: 20 }), 'ERR_JWT_MALFORMED');
  });

  it('decode returns header, payload and the signature segment without verifying', async () => {
    const token = await sign({ sub: 'user-1' }, secret, { iat: false });
    const decoded = decode(token);
    expect(decoded).toEqual({ header: { alg: 'HS256', typ: 'JWT' }, payload: { sub: 'user-1' }, signature: token.split('.')[2] });
    // decode does not check the signature: a forged one decodes the same.
    expect(decode(`${token.slice(0, token.lastIndexOf('.'))}.AAAA`).payload).toEqual({ sub: 'user-1' });
  });

  it('signs and verifies detached content (RFC 7515 App. F)', async () => {
    const token = await signJws('detached body', secret);
    const [h, , s] = token.split('.');
    const detached = `${h}..${s}`;
    expect(new TextDecoder().decode((await verifyJws(detached, secret, { detachedPayload: 'detached body' })).payload)).toBe('detached body');
    await expectCode(verifyJws(detached, secret, { detachedPayload: 'other body' }), 'ERR_JWT_SIGNATURE');
    await expectCode(verifyJws(token, secret, { detachedPayload: 'detached body' }), 'ERR_JWT_MALFORMED');
  });
});

describe('header options on sign', () => {
  it('adds extra protected header parameters and a custom typ', async () => {
    const token = await sign({}, secret, { typ: 'at+jwt', header: { cty: 'example', kid: 'k9' } });
    expect(decode(token).header).toEqual({ alg: 'HS256', typ: 'at+jwt', cty: 'example', kid: 'k9' });
  });

  it.each(['alg', 'crit', 'b64'])('refuses to let header set %s (ERR_INVALID_ARGUMENT)', async (name) => {
    await expectCode(sign({}, secret, { header: { [name]: 'x' } }), 'ERR_INVALID_ARGUMENT');
    await expectCode(signJws('x', secret, { header: { [name]: 'x' } }), 'ERR_INVALID_ARGUMENT');
  });

  it('rejects an algorithms option that is empty, unknown or none (ERR_INVALID_ARGUMENT)', async () => {
    const token = await sign({}, secret);
    for (const algorithms of [[], ['none'], ['HS999'], 'HS256']) {
      await expectCode(verify(token, secret, { algorithms: algorithms as never }), 'ERR_INVALID_ARGUMENT');
    }
  });
});

describe('parsed headers are shared by nobody', () => {
  it('a caller changing a verified header does not change the next token with the same header', async () => {
    const token = await sign({ sub: 'a' }, secret, { kid: 'k1' });
    const first = await verify(token, secret);
    first.header.kid = 'changed';
    delete (first.header as { alg?: string }).alg;
    expect((await verify(token, secret)).header).toEqual({ alg: 'HS256', typ: 'JWT', kid: 'k1' });
    expect(decode(token).header).toEqual({ alg: 'HS256', typ: 'JWT', kid: 'k1' });
  });

  it('nested header values are never shared between calls', async () => {
    const token = await sign({ sub: 'a' }, secret, { header: { x5t: 'x', ext: { tags: ['one'] } } });
    const first = await verify(token, secret);
    (first.header.ext as { tags: string[] }).tags.push('two');
    expect((await verify(token, secret)).header.ext).toEqual({ tags: ['one'] });
  });
});
