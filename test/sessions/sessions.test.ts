import { describe, expect, it } from 'vitest';
import {
  type JwtClaimError,
  JwtError,
  JwtSessionExpiredError,
  JwtSessionRevokedError,
  JwtTokenTypeError,
  type KeyInput,
  decode,
  generateSecret,
  sign,
} from '../../src/index.js';
import * as sessionsModule from '../../src/sessions/index.js';
import { REFRESH_COOKIE_NAME, createSessions, isClientError, memoryStore } from '../../src/sessions/index.js';
import { ALGS, expectCode, pemPair } from '../helpers.js';
import { SECRET, T0, setup } from './setup.js';

/** The default rotation grace window, in seconds: a replay this long after a rotation is reuse. */
const GRACE = 30;

describe('issue and verifyAccess (login, then calls)', () => {
  it('returns an OAuth-shaped pair whose access token carries the claims', async () => {
    const { auth } = setup();
    const tokens = await auth.issue('alice', { role: 'admin' });
    expect(tokens).toMatchObject({ tokenType: 'Bearer', expiresIn: 300, refreshExpiresIn: 86400 });
    const payload = await auth.verifyAccess(tokens.accessToken);
    expect(payload).toMatchObject({ sub: 'alice', role: 'admin', token_use: 'access', iat: T0, exp: T0 + 300 });
    expect(typeof payload.sid).toBe('string');
    expect(typeof payload.jti).toBe('string');
  });

  it('loads the claims with loadClaims when issue gets none', async () => {
    const { auth, loadCalls } = setup();
    const payload = await auth.verifyAccess((await auth.issue('bob')).accessToken);
    expect(payload.role).toBe('viewer');
    expect(loadCalls).toEqual(['bob']);
  });

  it('refuses a login for a user loadClaims does not know', async () => {
    const { auth } = setup();
    await expectCode(auth.issue('mallory'), 'ERR_SESSION_REVOKED');
  });

  it('marks the kinds in the header typ and in the token_use claim', async () => {
    const { auth } = setup();
    const { accessToken, refreshToken } = await auth.issue('alice');
    expect(decode(accessToken).header.typ).toBe('at+jwt');
    expect(decode(accessToken).payload.token_use).toBe('access');
    expect(decode(refreshToken).header.typ).toBe('refresh+jwt');
    expect(decode(refreshToken).payload).toMatchObject({ token_use: 'refresh', sub: 'alice', sid: decode(accessToken).payload.sid });
    // Refresh tokens carry no app claims: those are loaded afresh at each refresh.
    expect(decode(refreshToken).payload.role).toBeUndefined();
  });

  it('access tokens expire after accessTtl (ERR_JWT_EXPIRED: time to refresh)', async () => {
    const { auth, clock } = setup({ accessTtl: '2m' });
    const { accessToken } = await auth.issue('alice');
    clock.now = T0 + 119;
    await expect(auth.verifyAccess(accessToken)).resolves.toMatchObject({ sub: 'alice' });
    clock.now = T0 + 120;
    await expectCode(auth.verifyAccess(accessToken), 'ERR_JWT_EXPIRED');
  });

  it('refuses tokens signed with another key, and tampered ones', async () => {
    const { auth } = setup();
    const other = setup({ key: crypto.getRandomValues(new Uint8Array(32)) }).auth;
    const foreign = await other.issue('alice');
    await expectCode(auth.verifyAccess(foreign.accessToken), 'ERR_JWT_SIGNATURE');
    await expectCode(auth.refresh(foreign.refreshToken), 'ERR_JWT_SIGNATURE');
    const { accessToken } = await auth.issue('bob');
    const [header, , signature] = accessToken.split('.');
    const forged = `${header}.${btoa(JSON.stringify({ ...decode(accessToken).payload, role: 'admin' })).replace(/=+$/, '')}.${signature}`;
    await expect(auth.verifyAccess(forged)).rejects.toBeInstanceOf(JwtError);
  });
});

describe('token types are never confused', () => {
  it('a refresh token is not an access token', async () => {
    const { auth } = setup();
    const { refreshToken } = await auth.issue('alice');
    const error = await expectCode(auth.verifyAccess(refreshToken), 'ERR_TOKEN_TYPE');
    expect(error).toBeInstanceOf(JwtTokenTypeError);
  });

  it('an access token is not a refresh token, for refresh and for revoke', async () => {
    const { auth } = setup();
    const { accessToken, refreshToken } = await auth.issue('alice');
    await expectCode(auth.refresh(accessToken), 'ERR_TOKEN_TYPE');
    // Logout with an access token has no refresh session to end: it resolves, and ends nothing.
    await expect(auth.revoke(accessToken)).resolves.toBeUndefined();
    // The refused attempts changed nothing: the session still refreshes.
    await expect(auth.refresh(refreshToken)).resolves.toMatchObject({ tokenType: 'Bearer' });
  });

  it('an expired access token sent to refresh is still named for what it is', async () => {
    const { auth, clock } = setup();
    const { accessToken } = await auth.issue('alice');
    clock.now = T0 + 3600;
    await expectCode(auth.refresh(accessToken), 'ERR_TOKEN_TYPE');
  });

  it('both marks must agree: the typ alone or the claim alone is not enough', async () => {
    const { auth } = setup();
    const claims = { sub: 'alice', sid: 's1', jti: 'j1', exp: T0 + 60 };
    const atTypRefreshUse = await sign({ ...claims, token_use: 'refresh' }, SECRET, { typ: 'at+jwt', now: T0 });
    const rtTypAccessUse = await sign({ ...claims, token_use: 'access' }, SECRET, { typ: 'refresh+jwt', now: T0 });
    const plainJwt = await sign({ ...claims, token_use: 'access' }, SECRET, { now: T0 });
    await expectCode(auth.verifyAccess(atTypRefreshUse), 'ERR_TOKEN_TYPE');
    await expectCode(auth.verifyAccess(rtTypAccessUse), 'ERR_TOKEN_TYPE');
    await expectCode(auth.verifyAccess(plainJwt), 'ERR_TOKEN_TYPE');
    await expectCode(auth.refresh(atTypRefreshUse), 'ERR_TOKEN_TYPE');
    await expectCode(auth.refresh(rtTypAccessUse), 'ERR_TOKEN_TYPE');
  });

  it('the kind is checked before the issuer and the audience, expired or not', async () => {
    const { auth, clock } = setup({ issuer: 'https://auth.example', audience: 'api' });
    const claims = { sub: 'alice', sid: 's1', jti: 'j1', exp: T0 + 60, iss: 'https://other.example' };
    const plainJwt = await sign({ ...claims, token_use: 'access' }, SECRET, { now: T0 });
    await expectCode(auth.verifyAccess(plainJwt), 'ERR_TOKEN_TYPE');
    // The right kind from another issuer, or for another audience: the claim is named, expired or not.
    const otherIssuer = await sign({ ...claims, aud: 'api', token_use: 'access' }, SECRET, { typ: 'at+jwt', now: T0 });
    const otherAudience = await sign({ ...claims, iss: 'https://auth.example', aud: 'web', token_use: 'access' }, SECRET, { typ: 'at+jwt', now: T0 });
    for (const now of [T0, T0 + 3600]) {
      clock.now = now;
      expect((await expectCode(auth.verifyAccess(otherIssuer), 'ERR_JWT_CLAIM')) as JwtClaimError).toMatchObject({ claim: 'iss' });
      expect((await expectCode(auth.verifyAccess(otherAudience), 'ERR_JWT_CLAIM')) as JwtClaimError).toMatchObject({ claim: 'aud' });
    }
  });

  it('typ is compared as a media type (application/AT+JWT is at+jwt)', async () => {
    const { auth } = setup();
    const token = await sign({ sub: 'alice', sid: 's1', jti: 'j1', exp: T0 + 60, token_use: 'access' }, SECRET, { typ: 'application/AT+JWT', now: T0 });
    await expect(auth.verifyAccess(token)).resolves.toMatchObject({ sub: 'alice' });
  });
});

describe('refresh rotates', () => {
  it('gives a new pair in the same session; the presented token is spent', async () => {
    const { auth, clock } = setup();
    const first = await auth.issue('alice');
    clock.now = T0 + 600;
    const second = await auth.refresh(first.refreshToken);
    const [a, b] = [decode(first.refreshToken).payload, decode(second.refreshToken).payload];
    expect(b.sid).toBe(a.sid);
    expect(b.jti).not.toBe(a.jti);
    expect(await auth.verifyAccess(second.accessToken)).toMatchObject({ sub: 'alice', iat: T0 + 600, sid: a.sid });
    clock.now += GRACE;
    await expectCode(auth.refresh(first.refreshToken), 'ERR_SESSION_REVOKED');
  });

  it('100 concurrent refreshes of one token without a grace window: exactly one succeeds, the rest is reuse', async () => {
    const { auth } = setup({ rotationGrace: 0 });
    const { refreshToken } = await auth.issue('alice');
    const results = await Promise.allSettled(Array.from({ length: 100 }, () => auth.refresh(refreshToken)));
    const won = results.filter((result) => result.status === 'fulfilled');
    const lost = results.filter((result): result is PromiseRejectedResult => result.status === 'rejected');
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(99);
    for (const { reason } of lost) expect(reason).toMatchObject({ code: 'ERR_SESSION_REVOKED' });
    // The duplicates were replays of a spent token: the family is revoked, the winner's pair included.
    const winner = (won[0] as PromiseFulfilledResult<{ refreshToken: string }>).value;
    await expectCode(auth.refresh(winner.refreshToken), 'ERR_SESSION_REVOKED');
  });
});

describe('rotation grace (rotationGrace, default 30 s)', () => {
  it('100 concurrent refreshes of one token all get the same successor, and the store holds one chain', async () => {
    const { auth, store, clock } = setup();
    const first = await auth.issue('alice');
    clock.now = T0 + 60;
    const results = await Promise.all(Array.from({ length: 100 }, () => auth.refresh(first.refreshToken)));
    expect(new Set(results.map((result) => result.refreshToken)).size).toBe(1);
    const sid = decode(first.refreshToken).payload.sid;
    for (const { accessToken } of results) expect(await auth.verifyAccess(accessToken)).toMatchObject({ sub: 'alice', sid, role: 'editor' });
    expect(store.size).toBe(1);
    // The one chain goes on: its token rotates, and the first token is spent for good after the window.
    clock.now = T0 + 60 + GRACE;
    const next = await auth.refresh(results[0]!.refreshToken);
    await expectCode(auth.refresh(first.refreshToken), 'ERR_SESSION_REVOKED');
    await expectCode(auth.refresh(next.refreshToken), 'ERR_SESSION_REVOKED');
  });

  it('a replay within the window gets the same refresh token (same jti, iat, exp) and a fresh access token of the session', async () => {
    const { auth, clock, users } = setup();
    const first = await auth.issue('alice');
    clock.now = T0 + 100;
    const rotated = await auth.refresh(first.refreshToken);
    clock.now = T0 + 100 + GRACE - 1;
    users.set('alice', { role: 'admin' });
    const again = await auth.refresh(first.refreshToken);
    expect(again.refreshToken).toBe(rotated.refreshToken); // HS256 signs the same payload to the same bytes
    expect(decode(again.refreshToken).payload).toMatchObject({ iat: T0 + 100, exp: T0 + 86_400 });
    expect(again.refreshExpiresIn).toBe(T0 + 86_400 - clock.now);
    // Its access token is new (iat now, the user's claims now), of the same session.
    const payload = await auth.verifyAccess(again.accessToken);
    expect(payload).toMatchObject({ iat: clock.now, role: 'admin', sid: decode(first.refreshToken).payload.sid });
    expect(payload.jti).not.toBe(decode(rotated.accessToken).payload.jti);
  });

  it('with an alg whose signatures differ each time (ES256), the replay gets the same refresh token by its claims', async () => {
    const pair = pemPair('ES256');
    const { auth } = setup({ key: pair.privateKey, verifyKey: pair.publicKey });
    const first = await auth.issue('alice');
    const [rotated, again] = [await auth.refresh(first.refreshToken), await auth.refresh(first.refreshToken)];
    expect(decode(again.refreshToken).payload).toEqual(decode(rotated.refreshToken).payload);
    await auth.refresh(again.refreshToken); // either copy rotates the one chain
  });

  it('after the window a replay is theft as before: the family is revoked, the successor too', async () => {
    const { auth, clock } = setup({ rotationGrace: '10s' });
    const first = await auth.issue('alice');
    const rotated = await auth.refresh(first.refreshToken);
    clock.now = T0 + 10;
    await expectCode(auth.refresh(first.refreshToken), 'ERR_SESSION_REVOKED');
    await expectCode(auth.refresh(rotated.refreshToken), 'ERR_SESSION_REVOKED');
  });

  it('a replay after the successor moved on, or after a logout, is refused and ends the session', async () => {
    const { auth } = setup();
    const first = await auth.issue('alice');
    const second = await auth.refresh(first.refreshToken);
    const third = await auth.refresh(second.refreshToken);
    await expectCode(auth.refresh(first.refreshToken), 'ERR_SESSION_REVOKED'); // its successor is spent
    await expectCode(auth.refresh(third.refreshToken), 'ERR_SESSION_REVOKED');

    const other = await auth.issue('alice');
    const next = await auth.refresh(other.refreshToken);
    await auth.revoke(next.refreshToken);
    await expectCode(auth.refresh(other.refreshToken), 'ERR_SESSION_REVOKED'); // no resurrection by replay
  });

  it('a replay within the window from another client (clientId) is reuse', async () => {
    const store = memoryStore();
    const clock = { now: T0 };
    const options = { key: SECRET, store, now: () => clock.now, loadClaims: () => ({ role: 'editor' }) };
    const web = createSessions({ ...options, clientId: 'web' });
    const mobile = createSessions({ ...options, clientId: 'mobile' });
    const first = await web.issue('alice');
    const rotated = await web.refresh(first.refreshToken);
    await expectCode(mobile.refresh(first.refreshToken), 'ERR_SESSION_REVOKED');
    await expectCode(web.refresh(rotated.refreshToken), 'ERR_SESSION_REVOKED');
  });

  it('a store without rotate gets no window: every replay is reuse', async () => {
    const inner = memoryStore();
    const withoutRotate = {
      create: inner.create,
      consume: inner.consume,
      revokeFamily: inner.revokeFamily,
      revokeSubject: inner.revokeSubject,
      purgeExpired: inner.purgeExpired,
    };
    const auth = createSessions({ key: SECRET, store: withoutRotate, loadClaims: () => ({}) });
    const first = await auth.issue('alice');
    await auth.refresh(first.refreshToken);
    await expectCode(auth.refresh(first.refreshToken), 'ERR_SESSION_REVOKED');
  });

  it('rejects a rotationGrace that is not a duration of at most 5 minutes (ERR_INVALID_ARGUMENT)', () => {
    for (const rotationGrace of [-1, '1x', '6m', 301, Number.NaN, 'soon']) {
      expect(() => createSessions({ key: SECRET, loadClaims: () => ({}), rotationGrace: rotationGrace as never })).toThrow(
        expect.objectContaining({ code: 'ERR_INVALID_ARGUMENT' }),
      );
    }
    createSessions({ key: SECRET, loadClaims: () => ({}), rotationGrace: '5m' });
  });
});

describe('reuse detection (RFC 9700 §4.14.2)', () => {
  it('a stolen refresh token replayed after the victim rotated kills the family', async () => {
    const { auth, clock } = setup();
    const stolen = (await auth.issue('alice')).refreshToken;
    const victim = await auth.refresh(stolen);
    clock.now += GRACE;
    const error = await expectCode(auth.refresh(stolen), 'ERR_SESSION_REVOKED');
    expect(error).toBeInstanceOf(JwtSessionRevokedError);
    await expectCode(auth.refresh(victim.refreshToken), 'ERR_SESSION_REVOKED');
  });

  it('the same when the thief rotates first: both later refreshes fail', async () => {
    const { auth, clock } = setup();
    const original = (await auth.issue('alice')).refreshToken;
    const thief = await auth.refresh(original);
    clock.now += GRACE;
    await expectCode(auth.refresh(original), 'ERR_SESSION_REVOKED'); // the victim's turn
    await expectCode(auth.refresh(thief.refreshToken), 'ERR_SESSION_REVOKED');
  });

  it("revokes only that family: the user's other sessions go on", async () => {
    const { auth, clock } = setup();
    const laptop = await auth.issue('alice');
    const phone = await auth.issue('alice');
    await auth.refresh(laptop.refreshToken);
    clock.now += GRACE;
    await expectCode(auth.refresh(laptop.refreshToken), 'ERR_SESSION_REVOKED');
    await expect(auth.refresh(phone.refreshToken)).resolves.toMatchObject({ tokenType: 'Bearer' });
  });
});

describe('session lifetime', () => {
  it('is fixed at login: rotation does not extend it, and access tokens never outlive it', async () => {
    const { auth, clock } = setup({ accessTtl: '5m', refreshTtl: '24h' });
    let tokens = await auth.issue('alice');
    clock.now = T0 + 23 * 3600;
    tokens = await auth.refresh(tokens.refreshToken);
    expect(tokens.refreshExpiresIn).toBe(3600);
    expect(decode(tokens.refreshToken).payload.exp).toBe(T0 + 86400);
    clock.now = T0 + 86400 - 60;
    tokens = await auth.refresh(tokens.refreshToken);
    expect(tokens.expiresIn).toBe(60);
    expect(decode(tokens.accessToken).payload.exp).toBe(T0 + 86400);
  });

  it('an expired session needs a login (ERR_SESSION_EXPIRED), and a login works', async () => {
    const { auth, clock } = setup({ refreshTtl: '1h' });
    const { refreshToken } = await auth.issue('alice');
    clock.now = T0 + 3600;
    const error = await expectCode(auth.refresh(refreshToken), 'ERR_SESSION_EXPIRED');
    expect(error).toBeInstanceOf(JwtSessionExpiredError);
    expect((error as JwtSessionExpiredError).expiredAt).toEqual(new Date((T0 + 3600) * 1000));
    const again = await auth.issue('alice');
    await expect(auth.verifyAccess(again.accessToken)).resolves.toMatchObject({ sub: 'alice' });
  });

  it('with sliding: true, each refresh moves the end to now + refreshTtl', async () => {
    const { auth, clock } = setup({ refreshTtl: '24h', sliding: true });
    let tokens = await auth.issue('alice');
    clock.now = T0 + 23 * 3600;
    tokens = await auth.refresh(tokens.refreshToken);
    expect(tokens.refreshExpiresIn).toBe(86400);
    clock.now = T0 + 46 * 3600;
    tokens = await auth.refresh(tokens.refreshToken);
    expect(decode(tokens.refreshToken).payload.exp).toBe(T0 + 70 * 3600);
    // Idle longer than refreshTtl: over.
    clock.now = T0 + 70 * 3600;
    await expectCode(auth.refresh(tokens.refreshToken), 'ERR_SESSION_EXPIRED');
  });
});

describe('claims are reloaded at every refresh', () => {
  it('changed claims appear in the new access token', async () => {
    const { auth, users, loadCalls } = setup();
    const { refreshToken } = await auth.issue('alice', { role: 'editor' });
    users.set('alice', { role: 'viewer' });
    const next = await auth.refresh(refreshToken);
    expect((await auth.verifyAccess(next.accessToken)).role).toBe('viewer');
    expect(loadCalls).toEqual(['alice']);
  });

  it('loadClaims returning null ends the session for good', async () => {
    const { auth, users } = setup();
    const { refreshToken } = await auth.issue('alice');
    users.set('alice', null);
    await expectCode(auth.refresh(refreshToken), 'ERR_SESSION_REVOKED');
    users.set('alice', { role: 'editor' }); // re-enabled: a login is needed, the old session stays ended
    await expectCode(auth.refresh(refreshToken), 'ERR_SESSION_REVOKED');
  });

  it('a failing loadClaims (database down) fails the refresh without spending the token', async () => {
    let down = true;
    const auth = createSessions({
      key: SECRET,
      now: () => T0,
      loadClaims: async () => {
        if (down) throw new Error('database unavailable');
        return { role: 'editor' };
      },
    });
    const { refreshToken } = await auth.issue('alice', { role: 'editor' });
    await expect(auth.refresh(refreshToken)).rejects.toThrow('database unavailable');
    down = false;
    await expect(auth.refresh(refreshToken)).resolves.toMatchObject({ tokenType: 'Bearer' });
  });

  it('loadClaims may not set the claims sessions own', async () => {
    const auth = createSessions({ key: SECRET, loadClaims: async () => ({ token_use: 'refresh' }) });
    await expectCode(auth.issue('alice'), 'ERR_INVALID_ARGUMENT');
  });
});

describe('revoke and revokeSubject (logout)', () => {
  it('revoke ends this session only, and may be repeated', async () => {
    const { auth } = setup();
    const laptop = await auth.issue('alice');
    const phone = await auth.issue('alice');
    await auth.revoke(laptop.refreshToken);
    await auth.revoke(laptop.refreshToken);
    await expectCode(auth.refresh(laptop.refreshToken), 'ERR_SESSION_REVOKED');
    await expect(auth.refresh(phone.refreshToken)).resolves.toMatchObject({ tokenType: 'Bearer' });
  });

  it('revoke takes an expired refresh token too, but still checks its signature', async () => {
    const { auth, clock, store } = setup({ refreshTtl: '1h' });
    const { refreshToken } = await auth.issue('alice');
    clock.now = T0 + 7200;
    await auth.revoke(refreshToken);
    expect(store.size).toBe(0);
    // A token signed by another key is not ours: logout resolves, and ends no session of ours.
    const live = await auth.issue('alice');
    const foreign = await setup({ key: crypto.getRandomValues(new Uint8Array(32)) }).auth.issue('alice');
    await expect(auth.revoke(foreign.refreshToken)).resolves.toBeUndefined();
    expect(store.size).toBe(1);
    await expect(auth.refresh(live.refreshToken)).resolves.toMatchObject({ tokenType: 'Bearer' });
  });

  it('revokeSubject ends every session of that user and no other', async () => {
    const { auth } = setup();
    const sessions = [await auth.issue('alice'), await auth.issue('alice')];
    const rotated = await auth.refresh(sessions[1]!.refreshToken);
    const bob = await auth.issue('bob');
    await auth.revokeSubject('alice');
    await expectCode(auth.refresh(sessions[0]!.refreshToken), 'ERR_SESSION_REVOKED');
    await expectCode(auth.refresh(rotated.refreshToken), 'ERR_SESSION_REVOKED');
    await expect(auth.refresh(bob.refreshToken)).resolves.toMatchObject({ tokenType: 'Bearer' });
  });
});

describe('issuer, audience and keys', () => {
  it('sets iss on both kinds and aud on access tokens only, and checks both', async () => {
    const { auth } = setup({ issuer: 'https://auth.example', audience: 'api' });
    const { accessToken, refreshToken } = await auth.issue('alice');
    expect(decode(accessToken).payload).toMatchObject({ iss: 'https://auth.example', aud: 'api' });
    expect(decode(refreshToken).payload).toMatchObject({ iss: 'https://auth.example' });
    expect(decode(refreshToken).payload.aud).toBeUndefined();
    const otherApi = setup({ issuer: 'https://auth.example', audience: 'billing' }).auth;
    expect((await expectCode(otherApi.verifyAccess(accessToken), 'ERR_JWT_CLAIM')) as JwtClaimError).toMatchObject({ claim: 'aud' });
    const otherIssuer = setup({ issuer: 'https://other.example', audience: 'api' }).auth;
    expect((await expectCode(otherIssuer.verifyAccess(accessToken), 'ERR_JWT_CLAIM')) as JwtClaimError).toMatchObject({ claim: 'iss' });
    await expectCode(otherIssuer.refresh(refreshToken), 'ERR_JWT_CLAIM');
  });

  it('clientId sets client_id on access tokens; with issuer and audience they carry every claim RFC 9068 §2.2 requires', async () => {
    const { auth } = setup({ issuer: 'https://auth.example', audience: 'api', clientId: 'web-app' });
    const { accessToken, refreshToken } = await auth.issue('alice');
    const payload = await auth.verifyAccess(accessToken);
    expect(payload.client_id).toBe('web-app');
    for (const claim of ['iss', 'exp', 'aud', 'sub', 'client_id', 'iat', 'jti']) expect(payload, claim).toHaveProperty(claim);
    expect(decode(accessToken).header.typ).toBe('at+jwt');
    expect(decode(refreshToken).payload.client_id).toBeUndefined();
  });

  it('without clientId there is no client_id, unless the app sets one; with clientId the app may not', async () => {
    const plain = setup().auth;
    expect(decode((await plain.issue('alice')).accessToken).payload.client_id).toBeUndefined();
    const perSession = await plain.issue('alice', { role: 'editor', client_id: 'mobile' } as { role: string });
    expect(decode(perSession.accessToken).payload.client_id).toBe('mobile');

    const fixed = setup({ clientId: 'web-app' });
    await expectCode(fixed.auth.issue('alice', { role: 'editor', client_id: 'mobile' } as { role: string }), 'ERR_INVALID_ARGUMENT');
    const { refreshToken } = await fixed.auth.issue('alice');
    fixed.users.set('alice', { role: 'editor', client_id: 'mobile' } as { role: string });
    await expectCode(fixed.auth.refresh(refreshToken), 'ERR_INVALID_ARGUMENT');
  });

  it('checks the issuer of an expired refresh token too (revoke, refresh)', async () => {
    const { auth, clock } = setup({ issuer: 'https://auth.example', refreshTtl: '1h' });
    const other = setup({ issuer: 'https://other.example', refreshTtl: '1h' });
    const { refreshToken } = await auth.issue('alice');
    clock.now = other.clock.now = T0 + 7200;
    expect((await expectCode(other.auth.refresh(refreshToken), 'ERR_JWT_CLAIM')) as JwtClaimError).toMatchObject({ claim: 'iss' });
    await expect(other.auth.revoke(refreshToken)).resolves.toBeUndefined(); // not its token: nothing to end
    await expectCode(auth.refresh(refreshToken), 'ERR_SESSION_EXPIRED');
  });

  it('signs with a private key and verifies with verifyKey (ES256)', async () => {
    const pair = pemPair('ES256');
    const { auth } = setup({ key: pair.privateKey, verifyKey: pair.publicKey, alg: 'ES256' });
    const tokens = await auth.issue('alice');
    expect(decode(tokens.accessToken).header.alg).toBe('ES256');
    const next = await auth.refresh(tokens.refreshToken);
    await expect(auth.verifyAccess(next.accessToken)).resolves.toMatchObject({ sub: 'alice' });
  });

  it('accepts only the configured alg', async () => {
    const secret = crypto.getRandomValues(new Uint8Array(64));
    const hs512 = setup({ key: secret, alg: 'HS512' }).auth;
    const hs256 = setup({ key: secret, alg: 'HS256' }).auth;
    await expectCode(hs256.verifyAccess((await hs512.issue('alice')).accessToken), 'ERR_JWT_ALGORITHM');
  });
});

describe('errors', () => {
  it('the token kinds cannot be changed at run time', () => {
    const { TOKEN_TYP } = sessionsModule;
    expect(() => ((TOKEN_TYP as Record<string, string>).access = 'JWT')).toThrow(TypeError);
    expect(TOKEN_TYP.access).toBe('at+jwt');
  });

  it('the session errors are JwtErrors', () => {
    expect(new JwtTokenTypeError('x')).toBeInstanceOf(JwtError);
    expect(new JwtSessionRevokedError('x')).toBeInstanceOf(JwtError);
    expect(new JwtSessionExpiredError(new Date(0))).toBeInstanceOf(JwtError);
  });

  it('rejects bad options up front with ERR_INVALID_ARGUMENT', async () => {
    const loadClaims = async () => ({});
    const bad: unknown[] = [
      undefined,
      {},
      { loadClaims },
      { key: SECRET },
      { key: SECRET, loadClaims, accessTtl: '5' },
      { key: SECRET, loadClaims, refreshTtl: 0 },
      { key: SECRET, loadClaims, issuer: 42 },
      { key: SECRET, loadClaims, audience: [] },
      { key: SECRET, loadClaims, sliding: 'yes' },
      { key: SECRET, loadClaims, now: 5 },
      { key: SECRET, loadClaims, store: {} },
      { key: SECRET, loadClaims, alg: 7 },
      { key: SECRET, loadClaims, alg: 'nope' },
      { key: SECRET, loadClaims, alg: 'none' },
      { key: SECRET, loadClaims, alg: 'hs256' },
      { key: SECRET, loadClaims, clientId: '' },
      { key: SECRET, loadClaims, clientId: 42 },
      // null is a mistake, not "absent": it must not silently become the default (or `key`).
      { key: SECRET, loadClaims, accessTtl: null },
      { key: SECRET, loadClaims, refreshTtl: null },
      { key: SECRET, loadClaims, rotationGrace: null },
      { key: SECRET, loadClaims, store: null },
      { key: SECRET, loadClaims, verifyKey: null },
      { key: SECRET, loadClaims, verifyKey: '' },
      { key: SECRET, loadClaims, verifyKey: 42 },
      { key: SECRET, loadClaims, verifyKey: Number.NaN },
      { key: SECRET, loadClaims, verifyKey: true },
    ];
    for (const options of bad) {
      await expectCode(() => createSessions(options as Parameters<typeof createSessions>[0]), 'ERR_INVALID_ARGUMENT');
    }
  });

  it('refuses key material it cannot sign with when created, not at the first login (ERR_KEY)', () => {
    for (const key of ['too short', new Uint8Array(8)]) {
      expect(() => createSessions({ key, loadClaims: () => null })).toThrow(expect.objectContaining({ code: 'ERR_KEY' }));
    }
  });

  it('refuses a verifyKey that is no key when created, not at every refresh (ERR_KEY)', async () => {
    const jweKey = await generateSecret('A256GCM');
    for (const verifyKey of [{}, [], 'abc', new Uint8Array(0), jweKey]) {
      expect(() => createSessions({ key: SECRET, verifyKey: verifyKey as KeyInput, loadClaims: () => null })).toThrow(
        expect.objectContaining({ code: 'ERR_KEY' }),
      );
    }
  });

  it('accepts every alg jwtkit supports', () => {
    for (const alg of ALGS) expect(typeof createSessions({ key: SECRET, alg, loadClaims: () => null }).issue).toBe('function');
  });

  it('rejects bad arguments with ERR_INVALID_ARGUMENT or ERR_JWT_MALFORMED', async () => {
    const { auth } = setup();
    await expectCode(auth.issue(''), 'ERR_INVALID_ARGUMENT');
    await expectCode(auth.issue(42 as unknown as string), 'ERR_INVALID_ARGUMENT');
    await expectCode(auth.issue('alice', { sub: 'bob' } as unknown as { role: string }), 'ERR_INVALID_ARGUMENT');
    await expectCode(auth.issue('alice', new Map() as unknown as { role: string }), 'ERR_INVALID_ARGUMENT');
    await expectCode(auth.revokeSubject(''), 'ERR_INVALID_ARGUMENT');
    await expectCode(auth.refresh('not a token'), 'ERR_JWT_MALFORMED');
    await expectCode(auth.verifyAccess(undefined as unknown as string), 'ERR_JWT_MALFORMED');
  });

  it('a clock that returns garbage (or nothing) is ERR_INVALID_ARGUMENT', async () => {
    for (const garbage of [NaN, undefined, null, '1700000000', new Date('nope')]) {
      const { auth } = setup({ now: () => garbage as unknown as number });
      await expectCode(auth.issue('alice'), 'ERR_INVALID_ARGUMENT');
    }
  });

  it('a clock may return a Date: read as every now option is', async () => {
    const { auth } = setup({ now: () => new Date(T0 * 1000) });
    const { accessToken } = await auth.issue('alice');
    expect((await auth.verifyAccess(accessToken)).iat).toBe(T0);
  });
});

describe('store upkeep', () => {
  it('issue purges expired sessions from the store (at most once a minute)', async () => {
    const { auth, clock, store } = setup({ refreshTtl: '1h' });
    await auth.issue('alice');
    await auth.issue('bob');
    expect(store.size).toBe(2);
    clock.now = T0 + 3600;
    await auth.issue('alice');
    expect(store.size).toBe(1);
  });
});

describe('logout always succeeds; a missing refresh token has its own code', () => {
  it('revoke of junk, nothing, or a tampered token resolves and ends nothing', async () => {
    const { auth, store } = setup();
    const { refreshToken } = await auth.issue('alice');
    const tampered = `${refreshToken.slice(0, -4)}AAAA`;
    for (const junk of ['garbage', '', undefined, null, 'a.b.c', tampered]) {
      await expect(auth.revoke(junk)).resolves.toBeUndefined();
    }
    expect(store.size).toBe(1);
    await expect(auth.refresh(refreshToken)).resolves.toMatchObject({ tokenType: 'Bearer' });
  });

  it('revoke still rejects on the server’s own errors (a store that is down)', async () => {
    const store = memoryStore();
    const failing = { ...store, revokeFamily: async () => Promise.reject(new Error('store down')) };
    const { auth } = setup({ store: failing });
    const { refreshToken } = await auth.issue('alice');
    await expect(auth.revoke(refreshToken)).rejects.toThrow('store down');
  });

  it.each([undefined, null, ''])('refresh(%j) is ERR_SESSION_MISSING, a client error', async (missing) => {
    const { auth } = setup();
    const error = await expectCode(auth.refresh(missing), 'ERR_SESSION_MISSING');
    expect(isClientError(error)).toBe(true);
  });

  it('refreshFromCookie reads the refresh cookie and refreshes in one call', async () => {
    const { auth } = setup();
    const { refreshToken } = await auth.issue('alice');
    const cookie = `theme=dark; ${REFRESH_COOKIE_NAME}=${refreshToken}`;
    const next = await auth.refreshFromCookie(cookie);
    expect(next.refreshToken).not.toBe(refreshToken);
    await expectCode(auth.refreshFromCookie('theme=dark'), 'ERR_SESSION_MISSING');
    await expectCode(auth.refreshFromCookie(undefined), 'ERR_SESSION_MISSING');
    const named = await auth.refreshFromCookie(`rt=${next.refreshToken}`, { name: 'rt' });
    expect(named.tokenType).toBe('Bearer');
  });
});
