/**
 * `Ed25519` (RFC 9864, fully specified) and `EdDSA` (RFC 8037) name the same signature on an
 * Ed25519 key: every place that takes one takes the other, and a key pinned to one name (a JWK's
 * `alg`, a Key made for it) does both (keys/fit.ts: pinFits). A token's alg is still checked by
 * name against `algorithms`, and a pinned key signs under its own name when none is asked for.
 */
import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { type Alg, type Jwk, decode, exportJwk, generateKeyPair, importKey, sign, thumbprint, verify } from '../../src/index.js';
import { expectCode } from '../helpers.js';

const NAMES: Alg[] = ['EdDSA', 'Ed25519'];
const pair = generateKeyPairSync('ed25519');
const publicJwk = pair.publicKey.export({ format: 'jwk' }) as Jwk;
const privateJwk = pair.privateKey.export({ format: 'jwk' }) as Jwk;

describe('Ed25519 as an alg name', () => {
  it('is the default of no alg only when pinned: an unpinned Ed25519 key signs EdDSA (RFC 8037) by default', async () => {
    expect(decode(await sign({}, privateJwk)).header.alg).toBe('EdDSA');
    expect(decode(await sign({}, { ...privateJwk, alg: 'Ed25519' })).header.alg).toBe('Ed25519');
  });

  it('generateKeyPair and exportJwk keep the name the key was made for', async () => {
    for (const alg of NAMES) expect((await exportJwk((await generateKeyPair(alg)).publicKey)).alg).toBe(alg);
  });

  it('the thumbprint of an OKP key does not depend on its alg name (RFC 7638 leaves alg out)', async () => {
    expect(await thumbprint({ ...publicJwk, alg: 'EdDSA' })).toBe(await thumbprint({ ...publicJwk, alg: 'Ed25519' }));
  });

  it('algorithms: [Ed25519] refuses an EdDSA token, and the other way round (the allow-list is by name)', async () => {
    const token = await sign({}, privateJwk, { alg: 'EdDSA' });
    await expectCode(verify(token, publicJwk, { algorithms: ['Ed25519'] }), 'ERR_JWT_ALGORITHM');
    expect((await verify(token, publicJwk, { algorithms: ['EdDSA', 'Ed25519'] })).header.alg).toBe('EdDSA');
  });

  it('a key pinned to either name verifies tokens under both, on its own and in a key set', async () => {
    const eddsa = await generateKeyPair('EdDSA');
    for (const pin of NAMES) {
      for (const alg of NAMES) {
        const token = await sign({ sub: alg }, privateJwk, { alg });
        expect((await verify(token, { ...publicJwk, alg: pin })).payload.sub).toBe(alg);
        expect((await verify(token, { keys: [{ ...publicJwk, alg: pin, kid: 'ed' }] })).header.alg).toBe(alg);
        expect((await verify(await sign({}, { ...privateJwk, alg: pin }, { alg }), publicJwk)).header.alg).toBe(alg);
        expect((await verify(await sign({}, eddsa.privateKey, { alg }), eddsa.publicKey)).header.alg).toBe(alg);
      }
    }
  });

  it('the pin still binds the key to its type: a JWK pinned to EdDSA or Ed25519 does no other alg', async () => {
    const token = await sign({}, privateJwk, { alg: 'EdDSA' });
    await expectCode(verify(token, { ...publicJwk, alg: 'ES256' }), 'ERR_KEY');
    for (const alg of NAMES) await expectCode(sign({}, { ...privateJwk, alg }, { alg: 'ES256' }), 'ERR_KEY');
  });

  it('neither name fits a key of another type', async () => {
    const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey.export({ format: 'jwk' }) as Jwk;
    for (const alg of NAMES) await expectCode(verify(await sign({}, privateJwk, { alg }), ec), 'ERR_JWT_ALGORITHM');
    await expectCode(importKey({ ...publicJwk, alg: 'ES256' }, 'Ed25519'), 'ERR_KEY');
  });
});
