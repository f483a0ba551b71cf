import { createPrivateKey, createPublicKey, createSecretKey } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ALGORITHMS, ALL_ALGS } from '../../src/algorithms.js';
import { type Alg, type Jwk, sign, signJws, verify, verifyJws } from '../../src/index.js';
import { ALGS, expectCode, keysFor } from '../helpers.js';

/**
 * A JWK says what it is for (RFC 7517 §4.2–4.4): `use`, `alg`, `key_ops`. A key marked for
 * encryption or for another alg neither signs nor verifies: ERR_KEY, with every alg.
 */

const NOW = 1_700_000_000;

/** The signing and verifying JWKs of a fresh key for `alg`. */
function jwksFor(alg: Alg): { signJwk: Jwk; verifyJwk: Jwk } {
  const { signKey, verifyKey } = keysFor(alg);
  if (signKey instanceof Uint8Array) {
    const jwk = createSecretKey(signKey).export({ format: 'jwk' }) as Jwk;
    return { signJwk: jwk, verifyJwk: jwk };
  }
  return {
    signJwk: createPrivateKey(signKey).export({ format: 'jwk' }) as Jwk,
    verifyJwk: createPublicKey(verifyKey as string).export({ format: 'jwk' }) as Jwk,
  };
}

/**
 * Another alg: one the same key type could do when there is one (RS256 → RS384), else one of another
 * curve (ES256 → ES384). EdDSA and Ed25519 name one signature (a key pinned to either does both), so
 * for an Ed25519 key the other alg is of another type (ES256).
 */
function otherAlg(alg: Alg): Alg {
  const spec = ALGORITHMS[alg];
  const others = ALL_ALGS.filter((other) => ALGORITHMS[other].name !== spec.name || ALGORITHMS[other].hash !== spec.hash);
  return (
    others.find((other) => ALGORITHMS[other].kty === spec.kty && ALGORITHMS[other].curve === spec.curve) ??
    others.find((other) => ALGORITHMS[other].kty === spec.kty) ??
    'ES256'
  );
}

describe.each(ALGS)('%s', (alg) => {
  const { signJwk, verifyJwk } = jwksFor(alg);

  it('signs and verifies with JWKs marked use "sig" and alg ' + alg, async () => {
    const token = await sign({}, { ...signJwk, use: 'sig', alg }, { now: NOW });
    expect((await verify(token, { ...verifyJwk, use: 'sig', alg }, { now: NOW })).header.alg).toBe(alg);
  });

  it('refuses to sign with a JWK marked use "enc" or for another alg (ERR_KEY)', async () => {
    await expectCode(sign({}, { ...signJwk, use: 'enc' }, { alg, now: NOW }), 'ERR_KEY');
    await expectCode(signJws('x', { ...signJwk, use: 'enc' }, { alg }), 'ERR_KEY');
    await expectCode(sign({}, { ...signJwk, alg: otherAlg(alg) }, { alg, now: NOW }), 'ERR_KEY');
  });

  it('refuses a valid token when the verifying JWK is marked use "enc" or for another alg (ERR_KEY)', async () => {
    const token = await sign({}, signJwk, { alg, now: NOW });
    await expect(verify(token, verifyJwk, { now: NOW })).resolves.toBeDefined();
    await expectCode(verify(token, { ...verifyJwk, use: 'enc' }, { now: NOW }), 'ERR_KEY');
    await expectCode(verify(token, { ...verifyJwk, alg: otherAlg(alg) }, { now: NOW }), 'ERR_KEY');
    await expectCode(verifyJws(token, { ...verifyJwk, alg: otherAlg(alg) }), 'ERR_KEY');
    await expectCode(verify(token, { ...verifyJwk, alg: 'RSA-OAEP' }, { now: NOW }), 'ERR_KEY');
  });
});

it('a key of another type is still ERR_JWT_ALGORITHM, with or without an alg on the JWK', async () => {
  const token = await sign({}, keysFor('HS256').signKey, { now: NOW });
  const { verifyJwk } = jwksFor('RS256');
  await expectCode(verify(token, verifyJwk, { now: NOW }), 'ERR_JWT_ALGORITHM');
  await expectCode(verify(token, { ...verifyJwk, alg: 'RS256' }, { now: NOW }), 'ERR_JWT_ALGORITHM');
});
