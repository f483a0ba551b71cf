import { expect, it } from 'vitest';
import { createSessions, type RefreshRecord, type SessionStore } from '../../src/sessions/index.js';
import { type RedisCommandClient, type RedisStoreOptions, redisStore } from '../../src/stores/redis.js';
import { expectCode } from '../helpers.js';
import { SECRET } from '../sessions/setup.js';
import { rotationContract } from './rotation-contract.js';

/**
 * What redisStore must do on any Redis it is given: a single redis-server (redis.test.ts) and a
 * Redis Cluster (redis-cluster.test.ts), through each client. `connect()` gives a new connection
 * (an app process); keys are routed by the client (on a Cluster: by the key's slot).
 */

let prefixes = 0;
const now = () => Math.floor(Date.now() / 1000);
const record = (jti: string, family = `f-${jti}`, sub = 'alice', expiresAt = now() + 600): RefreshRecord => ({ jti, family, sub, expiresAt });

export function redisStoreSuite(connect: () => Promise<RedisCommandClient>): void {
  /** Two stores on one fresh prefix, each with its own connection: two app processes. */
  async function twoProcesses(options: RedisStoreOptions = {}): Promise<{ a: SessionStore; b: SessionStore; raw: RedisCommandClient; prefix: string }> {
    const prefix = `test${++prefixes}:`;
    const [first, second] = await Promise.all([connect(), connect()]);
    return { a: redisStore(first, { ...options, prefix }), b: redisStore(second, { ...options, prefix }), raw: first, prefix };
  }

  it('consume is once: the first call rotates, later ones find nothing, in any process', async () => {
    const { a, b } = await twoProcesses();
    await a.create(record('a', 'f1'));
    expect(await b.consume('a', record('b', 'f1'))).toBe(true);
    expect(await a.consume('a', record('c', 'f1'))).toBe(false);
    expect(await a.consume('b', record('d', 'f1'))).toBe(true);
    expect(await b.consume('b', record('e', 'f1'))).toBe(false);
  });

  it('of 200 concurrent consumes of one jti from two connections exactly one wins', async () => {
    const { a, b } = await twoProcesses();
    await a.create(record('a', 'f1'));
    const results = await Promise.all(Array.from({ length: 200 }, (_, i) => (i % 2 ? a : b).consume('a', record(`n${i}`, 'f1'))));
    expect(results.filter(Boolean)).toHaveLength(1);
    // …and the winner's token is the family's one live token.
    const winner = results.indexOf(true);
    expect(await a.consume(`n${winner}`, record('z', 'f1'))).toBe(true);
  });

  it('revokeFamily removes the live token of that family only', async () => {
    const { a, b } = await twoProcesses();
    await a.create(record('a', 'f1'));
    await a.create(record('b', 'f2'));
    await a.consume('a', record('a2', 'f1'));
    await b.revokeFamily('f1', 'alice');
    expect(await a.consume('a2', record('a3', 'f1'))).toBe(false);
    expect(await a.consume('b', record('b2', 'f2'))).toBe(true);
    await b.revokeFamily('f1', 'alice'); // again, and an unknown family: harmless
    await b.revokeFamily('nope', 'alice');
  });

  it('revokeSubject removes every family of that user only', async () => {
    const { a, b } = await twoProcesses();
    await a.create(record('a', 'f1', 'alice'));
    await a.create(record('b', 'f2', 'alice'));
    await a.consume('b', record('b2', 'f2', 'alice'));
    await a.create(record('c', 'f3', 'bob'));
    await b.revokeSubject('alice');
    expect(await a.consume('a', record('a2', 'f1', 'alice'))).toBe(false);
    expect(await a.consume('b2', record('b3', 'f2', 'alice'))).toBe(false);
    expect(await a.consume('c', record('c2', 'f3', 'bob'))).toBe(true);
    // A new login of the user after it is a session like any other.
    await a.create(record('d', 'f4', 'alice'));
    expect(await b.consume('d', record('d2', 'f4', 'alice'))).toBe(true);
  });

  it('keeps any sub in one slot and apart from every other: "}" (which would end the hash tag) and "%" are encoded one-to-one', async () => {
    const { a, b } = await twoProcesses();
    const subs = ['}x', '%7Dx', '}', '%', '%25', 'a}b', '{'];
    for (const [i, sub] of subs.entries()) await a.create(record(`t${i}`, `f${i}`, sub));
    await b.revokeSubject('}x');
    expect(await a.consume('t0', record('t0b', 'f0', '}x'))).toBe(false);
    for (const [i, sub] of subs.entries()) if (i > 0) expect(await b.consume(`t${i}`, record(`t${i}b`, `f${i}`, sub))).toBe(true);
  });

  it('a family holds one live token: creating it again replaces the first', async () => {
    const { a } = await twoProcesses();
    await a.create(record('a', 'f1'));
    await a.create(record('b', 'f1'));
    expect(await a.consume('a', record('x', 'f1'))).toBe(false);
    expect(await a.consume('b', record('c', 'f1'))).toBe(true);
  });

  it('every key expires with its session, so Redis purges by itself', async () => {
    const { a, raw, prefix } = await twoProcesses();
    const end = now() + 100;
    await a.create(record('a', 'f1', 'alice', end));
    for (const key of ['{alice}:token:a', '{alice}:family:f1', '{alice}:subject']) {
      const ttl = Number(await raw.sendCommand(['TTL', `${prefix}${key}`]));
      expect(ttl, key).toBeGreaterThan(90);
      expect(ttl, key).toBeLessThanOrEqual(100);
    }
    // Rotation moves the end (a sliding session): the new keys and the user's set follow it.
    await a.consume('a', record('b', 'f1', 'alice', end + 1000));
    expect(Number(await raw.sendCommand(['TTL', `${prefix}{alice}:token:b`]))).toBeGreaterThan(1000);
    expect(Number(await raw.sendCommand(['TTL', `${prefix}{alice}:subject`]))).toBeGreaterThan(1000);
    expect(Number(await raw.sendCommand(['EXISTS', `${prefix}{alice}:token:a`]))).toBe(0);
    // purgeExpired has nothing to do (and still checks its argument).
    await a.purgeExpired(now());
    await expectCode(a.purgeExpired(Number.NaN), 'ERR_INVALID_ARGUMENT');
  });

  it('a record past its end is gone: consume finds nothing (real time, about one second)', async () => {
    const { a, raw, prefix } = await twoProcesses();
    const end = now() + 1;
    await a.create(record('a', 'f1', 'alice', end));
    await a.create(record('old', 'f0', 'alice', now() - 5)); // already over: stored as nothing
    expect(Number(await raw.sendCommand(['EXISTS', `${prefix}{alice}:token:old`]))).toBe(0);
    await new Promise((resolve) => setTimeout(resolve, (end + 0.1) * 1000 - Date.now()));
    expect(await a.consume('a', record('b', 'f1'))).toBe(false);
    expect(Number(await raw.sendCommand(['EXISTS', `${prefix}{alice}:family:f1`]))).toBe(0);
    // The next login drops both from the user's set.
    await a.create(record('c', 'f2'));
    expect(await raw.sendCommand(['ZRANGE', `${prefix}{alice}:subject`, '0', '-1'])).toEqual(['f2']);
  });

  it("scores the user's set by each family's end, rotations included, and a login drops the families that ended", async () => {
    const { a, raw, prefix } = await twoProcesses();
    const subject = `${prefix}{alice}:subject`;
    const end = now() + 600;
    await a.create(record('a', 'f1', 'alice', end));
    expect(Number(await raw.sendCommand(['ZSCORE', subject, 'f1']))).toBe(end);
    await a.consume('a', record('b', 'f1', 'alice', end + 100)); // a sliding session moves its end
    expect(Number(await raw.sendCommand(['ZSCORE', subject, 'f1']))).toBe(end + 100);
    // What Redis leaves of families that ended: their keys expired by themselves, their entries not.
    await raw.sendCommand(['ZADD', subject, String(now() - 10), 'ended1', String(now() - 1), 'ended2']);
    expect(Number(await raw.sendCommand(['ZCARD', subject]))).toBe(3);
    await a.create(record('c', 'f2', 'alice', end));
    expect(await raw.sendCommand(['ZRANGE', subject, '0', '-1'])).toEqual(['f2', 'f1']);
  });

  it("maxSessionsPerSubject: a login beyond it ends that user's session that ends first, no one else's", async () => {
    const { a, b, raw, prefix } = await twoProcesses({ maxSessionsPerSubject: 2 });
    const end = now() + 600;
    await a.create(record('a', 'f1', 'alice', end + 20));
    await b.create(record('b', 'f2', 'alice', end + 10)); // ends first, though created later
    await a.create(record('c', 'f3', 'bob', end));
    await b.create(record('a1', 'f1', 'alice', end + 30)); // a family replaced is not one more
    await a.create(record('d', 'f4', 'alice', end + 40));
    expect(await raw.sendCommand(['ZRANGE', `${prefix}{alice}:subject`, '0', '-1'])).toEqual(['f1', 'f4']);
    expect(Number(await raw.sendCommand(['EXISTS', `${prefix}{alice}:family:f2`, `${prefix}{alice}:token:b`]))).toBe(0);
    expect(await b.consume('b', record('b2', 'f2'))).toBe(false);
    expect(await b.consume('c', record('c2', 'f3', 'bob'))).toBe(true);
    // A sliding refresh moves f1's end past f4's (its score follows): the next login ends f4.
    await a.consume('a1', record('a2', 'f1', 'alice', end + 50));
    await b.create(record('e', 'f5', 'alice', end + 60));
    expect(await a.consume('d', record('d2', 'f4'))).toBe(false);
    expect(await a.consume('a2', record('a3', 'f1', 'alice', end + 50))).toBe(true);
  });

  it('maxSessionsPerSubject through createSessions: the oldest login is ended and its refresh is ERR_SESSION_REVOKED', async () => {
    const { a, b } = await twoProcesses({ maxSessionsPerSubject: 2 });
    const clock = { now: now() };
    const options = { key: SECRET, loadClaims: async () => ({ role: 'editor' }), now: () => clock.now };
    const [onA, onB] = [createSessions({ ...options, store: a }), createSessions({ ...options, store: b })];
    const first = await onA.issue('alice');
    clock.now += 1;
    const second = await onB.issue('alice');
    clock.now += 1;
    const third = await onA.issue('alice');
    await expectCode(onB.refresh(first.refreshToken), 'ERR_SESSION_REVOKED');
    await onB.refresh(second.refreshToken);
    await onA.refresh(third.refreshToken);
  });

  it('keeps working when Redis forgets its scripts (restart, SCRIPT FLUSH)', async () => {
    const { a, raw } = await twoProcesses();
    await a.create(record('a', 'f1'));
    await raw.sendCommand(['SCRIPT', 'FLUSH']);
    expect(await a.consume('a', record('b', 'f1'))).toBe(true);
  });

  it('stores under different prefixes do not see each other', async () => {
    const first = await twoProcesses();
    const second = await twoProcesses();
    await first.a.create(record('a', 'f1'));
    expect(await second.a.consume('a', record('b', 'f1'))).toBe(false);
    expect(await first.a.consume('a', record('b', 'f1'))).toBe(true);
  });

  it('runs createSessions across two processes: a token rotated on one and replayed on the other ends the family', async () => {
    const { a, b } = await twoProcesses();
    const options = { key: SECRET, loadClaims: async () => ({ role: 'editor' }), rotationGrace: 0 };
    const onA = createSessions({ ...options, store: a });
    const onB = createSessions({ ...options, store: b });
    const first = await onA.issue('alice');
    const second = await onA.refresh(first.refreshToken);
    await expectCode(onB.refresh(first.refreshToken), 'ERR_SESSION_REVOKED');
    await expectCode(onA.refresh(second.refreshToken), 'ERR_SESSION_REVOKED');
    const other = await onB.issue('alice');
    await onA.revokeSubject('alice');
    await expectCode(onB.refresh(other.refreshToken), 'ERR_SESSION_REVOKED');
  });

  rotationContract(async () => {
    const { a, b } = await twoProcesses();
    return { a, b };
  });

  it('rotation grace through createSessions on two processes: 200 concurrent refreshes of one token all get one successor, one chain in Redis', async () => {
    const { a, b, raw, prefix } = await twoProcesses();
    const options = { key: SECRET, loadClaims: async () => ({ role: 'editor' }) };
    const [onA, onB] = [createSessions({ ...options, store: a }), createSessions({ ...options, store: b })];
    const first = await onA.issue('alice');
    const results = await Promise.all(Array.from({ length: 200 }, (_, i) => (i % 2 ? onA : onB).refresh(first.refreshToken)));
    expect(new Set(results.map((result) => result.refreshToken)).size).toBe(1);
    const { jti, sid } = JSON.parse(atob(results[0]!.refreshToken.split('.')[1]!.replace(/-/g, '+').replace(/_/g, '/'))) as { jti: string; sid: string };
    expect(String(await raw.sendCommand(['GET', `${prefix}{alice}:family:${sid}`]))).toBe(jti);
    expect(Number(await raw.sendCommand(['ZCARD', `${prefix}{alice}:subject`]))).toBe(1);
    for (const { accessToken } of results.slice(0, 5)) expect(await onB.verifyAccess(accessToken)).toMatchObject({ sub: 'alice', sid });
    // The chain goes on from the one successor.
    await onB.refresh(results[0]!.refreshToken);
  });
}
