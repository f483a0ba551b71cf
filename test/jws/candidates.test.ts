import { describe, expect, it } from 'vitest';
import { type KeyCandidates, generateKeyPair, sign, signJws, verify, verifyJws } from '../../src/index.js';
import { expectCode, pemPair } from '../helpers.js';

/**
 * A resolver may return several candidate keys (a JWK set and a token without `kid`): verify
 * tries them in order and accepts the first whose signature verifies.
 */

const NOW = 1_700_000_000;

describe('a resolver returning several candidates', async () => {
  const right = await generateKeyPair('ES256');
  const wrong = await generateKeyPair('ES256');
  const rsaPublic = pemPair('RS256').publicKey;
  const token = await sign({ sub: 'x' }, right.privateKey, { now: NOW });
  const resolve = (candidates: KeyCandidates) => () => candidates;

  it('verifies with whichever candidate signed, in any position', async () => {
    for (const candidates of [
      [right.publicKey],
      [wrong.publicKey, right.publicKey],
      [right.publicKey, wrong.publicKey],
      [rsaPublic, wrong.publicKey, right.publicKey],
    ]) {
      expect((await verify(token, resolve(candidates), { now: NOW })).payload.sub).toBe('x');
    }
    const jws = await signJws('payload', right.privateKey);
    expect(new TextDecoder().decode((await verifyJws(jws, async () => [wrong.publicKey, right.publicKey])).payload)).toBe('payload');
  });

  it('fails with ERR_JWT_SIGNATURE when no candidate verifies but some could check the signature', async () => {
    await expectCode(verify(token, resolve([wrong.publicKey, rsaPublic]), { now: NOW }), 'ERR_JWT_SIGNATURE');
    await expectCode(verify(token, resolve(['too short', wrong.publicKey]), { now: NOW }), 'ERR_JWT_SIGNATURE');
  });

  it("fails with the first candidate's error when none could check the signature", async () => {
    await expectCode(verify(token, resolve([rsaPublic]), { now: NOW }), 'ERR_JWT_ALGORITHM');
    await expectCode(verify(token, resolve([rsaPublic, 'too short']), { now: NOW }), 'ERR_JWT_ALGORITHM');
    await expectCode(verify(token, resolve(['too short', rsaPublic]), { now: NOW }), 'ERR_KEY');
    await expectCode(verify(token, resolve([right.privateKey]), { now: NOW }), 'ERR_KEY');
  });

  it('skips an unusable candidate when a later one verifies', async () => {
    expect((await verify(token, resolve(['too short', right.publicKey]), { now: NOW })).payload.sub).toBe('x');
  });

  it('refuses an empty list (ERR_KEY)', async () => {
    await expectCode(verify(token, resolve([]), { now: NOW }), 'ERR_KEY');
  });
});
