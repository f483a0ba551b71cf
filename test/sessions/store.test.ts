import { describe, expect, it } from 'vitest';
import { createSessions, memoryStore, type MemoryStoreOptions, type RefreshRecord, type SessionStore } from '../../src/sessions/index.js';
import { expectCode } from '../helpers.js';
import { rotationContract } from '../stores/rotation-contract.js';
import { SECRET, T0 } from './setup.js';

const record = (jti: string, family = `f-${jti}`, sub = 'alice', expiresAt = T0 + 60): RefreshRecord => ({ jti, family, sub, expiresAt });

describe('memoryStore', () => {
  it('consume is once: the first call rotates, later ones find nothing', async () => {
    const store = memoryStore();
    await store.create(record('a', 'f1'));
    expect(await store.consume('a', record('b', 'f1'))).toBe(true);
    expect(await store.consume('a', record('c', 'f1'))).toBe(false);
    expect(await store.consume('b', record('d', 'f1'))).toBe(true);
    expect(store.size).toBe(1);
  });

  it('of concurrent consumes of one jti exactly one wins', async () => {
    const store = memoryStore();
    await store.create(record('a', 'f1'));
    const results = await Promise.all(Array.from({ length: 50 }, (_, i) => store.consume('a', record(`n${i}`, 'f1'))));
    expect(results.filter(Boolean)).toHaveLength(1);
  });

  it('revokeFamily removes the live token of that family only', async () => {
    const store = memoryStore();
    await store.create(record('a', 'f1'));
    await store.create(record('b', 'f2'));
    await store.consume('a', record('a2', 'f1'));
    await store.revokeFamily('f1');
    expect(await store.consume('a2', record('a3', 'f1'))).toBe(false);
    expect(await store.consume('b', record('b2', 'f2'))).toBe(true);
  });

  it('revokeSubject removes every family of that user only', async () => {
    const store = memoryStore();
    await store.create(record('a', 'f1', 'alice'));
    await store.create(record('b', 'f2', 'alice'));
    await store.create(record('c', 'f3', 'bob'));
    await store.revokeSubject('alice');
    expect(store.size).toBe(1);
    expect(await store.consume('c', record('c2', 'f3', 'bob'))).toBe(true);
  });

  it('purgeExpired removes records whose expiresAt has come', async () => {
    const store = memoryStore();
    await store.create(record('a', 'f1', 'alice', T0 + 10));
    await store.create(record('b', 'f2', 'alice', T0 + 20));
    await store.purgeExpired(T0 + 10);
    expect(store.size).toBe(1);
    expect(await store.consume('a', record('a2', 'f1'))).toBe(false);
    expect(await store.consume('b', record('b2', 'f2'))).toBe(true);
  });

  it('is bounded: when full, a new login drops the session rotated least recently', async () => {
    const store = memoryStore({ maxSessions: 3 });
    await store.create(record('a', 'f1'));
    await store.create(record('b', 'f2'));
    await store.create(record('c', 'f3'));
    await store.consume('a', record('a2', 'f1')); // f1 is now the most recently rotated
    await store.create(record('d', 'f4'));
    expect(store.size).toBe(3);
    expect(await store.consume('b', record('b2', 'f2'))).toBe(false);
    for (const [jti, family] of [
      ['a2', 'f1'],
      ['c', 'f3'],
      ['d', 'f4'],
    ] as const) {
      expect(await store.consume(jti, record(`${jti}x`, family))).toBe(true);
    }
  });

  it("maxSessionsPerSubject: a login beyond it ends that user's session that ends first, no one else's", async () => {
    const store = memoryStore({ maxSessionsPerSubject: 2 });
    await store.create(record('a', 'f1', 'alice', T0 + 20));
    await store.create(record('b', 'f2', 'alice', T0 + 10)); // ends first, though created later
    await store.create(record('c', 'f3', 'bob', T0 + 5));
    await store.create(record('a1', 'f1', 'alice', T0 + 30)); // a family replaced is not one more
    expect(store.size).toBe(3);
    await store.create(record('d', 'f4', 'alice', T0 + 40));
    expect(store.size).toBe(3);
    expect(await store.consume('b', record('b2', 'f2'))).toBe(false);
    expect(await store.consume('c', record('c2', 'f3', 'bob'))).toBe(true);
    expect(await store.consume('a1', record('a2', 'f1', 'alice', T0 + 30))).toBe(true);
    // A sliding refresh moves f4's end past f1's: the next login ends f1.
    await store.consume('d', record('d2', 'f4', 'alice', T0 + 50));
    await store.create(record('e', 'f5', 'alice', T0 + 60));
    expect(await store.consume('a2', record('a3', 'f1'))).toBe(false);
    expect(await store.consume('d2', record('d3', 'f4', 'alice', T0 + 50))).toBe(true);
  });

  it('maxSessionsPerSubject: sessions that ended go before any live one', async () => {
    const store = memoryStore({ maxSessionsPerSubject: 2 });
    await store.create(record('live', 'f1', 'alice', T0 + 100));
    await store.create(record('ended', 'f2', 'alice', T0 - 1)); // not purged yet (purgeExpired runs at most once a minute)
    await store.create(record('new', 'f3', 'alice', T0 + 200));
    expect(store.size).toBe(2);
    expect(await store.consume('live', record('live2', 'f1', 'alice', T0 + 100))).toBe(true);
  });

  it('maxSessionsPerSubject through createSessions: the oldest login is ended (refresh: ERR_SESSION_REVOKED), ended sessions leave at login', async () => {
    const clock = { now: T0 };
    const store = memoryStore({ maxSessionsPerSubject: 2 });
    const auth = createSessions({ key: SECRET, store, now: () => clock.now, refreshTtl: '1h', loadClaims: async () => ({}) });
    const first = await auth.issue('alice');
    clock.now += 1;
    const second = await auth.issue('alice');
    clock.now += 1;
    const third = await auth.issue('alice');
    await expectCode(auth.refresh(first.refreshToken), 'ERR_SESSION_REVOKED');
    await auth.refresh(second.refreshToken);
    await auth.refresh(third.refreshToken);
    expect(store.size).toBe(2);
    // An hour later both have ended: the next login leaves only itself.
    clock.now += 3600;
    await auth.issue('alice');
    expect(store.size).toBe(1);
  });

  it('maxSessionsPerSubject defaults to 1,000', async () => {
    const store = memoryStore();
    for (let i = 0; i <= 1000; i++) await store.create(record(`j${i}`, `f${i}`, 'alice', T0 + 60 + i));
    await store.create(record('bob', 'fb', 'bob'));
    expect(store.size).toBe(1001);
    expect(await store.consume('j0', record('x', 'f0'))).toBe(false); // the one that ended first
    expect(await store.consume('j1', record('y', 'f1', 'alice', T0 + 61))).toBe(true);
  });

  it('rejects bad options and records with ERR_INVALID_ARGUMENT', async () => {
    for (const bound of [0, -1, 1.5, NaN, null, '5', Infinity]) {
      await expectCode(() => memoryStore({ maxSessions: bound as number }), 'ERR_INVALID_ARGUMENT');
      await expectCode(() => memoryStore({ maxSessionsPerSubject: bound as number }), 'ERR_INVALID_ARGUMENT');
    }
    await expectCode(() => memoryStore({ maxSessionPerSubject: 5 } as MemoryStoreOptions), 'ERR_INVALID_ARGUMENT'); // misspelt: refused, not ignored
    for (const options of [5, 'small', [], () => ({ maxSessions: 1 })]) {
      await expectCode(() => memoryStore(options as MemoryStoreOptions), 'ERR_INVALID_ARGUMENT');
    }
    const store = memoryStore();
    await expectCode(store.create({ ...record('a'), expiresAt: NaN }), 'ERR_INVALID_ARGUMENT');
    await expectCode(store.create({ ...record('a'), sub: '' }), 'ERR_INVALID_ARGUMENT');
    await expectCode(store.create(null as unknown as RefreshRecord), 'ERR_INVALID_ARGUMENT');
    await expectCode(store.consume('', record('b')), 'ERR_INVALID_ARGUMENT');
    await expectCode(store.revokeFamily(7 as unknown as string), 'ERR_INVALID_ARGUMENT');
    // sub is optional (the memory store finds a family without it), but when given it must be a user.
    for (const sub of [null, '', 7]) await expectCode(store.revokeFamily('f-a', sub as string), 'ERR_INVALID_ARGUMENT');
    await expectCode(store.purgeExpired(Number.NaN), 'ERR_INVALID_ARGUMENT');
  });

  rotationContract(async () => {
    const store = memoryStore();
    return { a: store, b: store };
  });

  it('remembers rotations for their window only, and never more than maxSessions of them', async () => {
    const store = memoryStore({ maxSessions: 2 });
    const grace = (now: number) => ({ now, seconds: 30, client: '' });
    for (const family of ['f1', 'f2', 'f3']) {
      await store.create(record(`${family}-0`, family));
      await store.rotate(`${family}-0`, record(`${family}-1`, family), grace(T0));
    }
    // Three rotations, room for two: the oldest was dropped (f1's session too, by the bound on sessions).
    expect(await store.rotate('f1-0', record('x', 'f1'), grace(T0 + 1))).toEqual({ status: 'refused' });
    expect(await store.rotate('f3-0', record('x', 'f3'), grace(T0 + 1))).toMatchObject({ status: 'replayed' });
    await store.purgeExpired(T0 + 30);
    expect(await store.rotate('f3-0', record('x', 'f3'), grace(T0 + 1))).toEqual({ status: 'refused' });
  });
});

/**
 * A store shaped like a database client: every call crosses an await before and after its atomic
 * step, and a test can hold `consume` at a gate. It proves the interface is all createSessions
 * needs, with nothing shared in memory between the two.
 */
function databaseLikeStore() {
  const rows = new Map<string, RefreshRecord>();
  const tick = () => new Promise((resolve) => setTimeout(resolve, 0));
  let gate: Promise<void> | undefined;
  const store: SessionStore = {
    async create(row) {
      await tick();
      rows.set(row.jti, { ...row });
    },
    async consume(jti, next) {
      await gate;
      await tick();
      // The transaction: DELETE … WHERE jti = ?; INSERT next when a row was deleted.
      const deleted = rows.delete(jti);
      if (deleted) rows.set(next.jti, { ...next });
      await tick();
      return deleted;
    },
    async revokeFamily(family) {
      await tick();
      for (const [jti, row] of rows) if (row.family === family) rows.delete(jti);
    },
    async revokeSubject(sub) {
      await tick();
      for (const [jti, row] of rows) if (row.sub === sub) rows.delete(jti);
    },
    async purgeExpired(now) {
      for (const [jti, row] of rows) if (row.expiresAt <= now) rows.delete(jti);
    },
  };
  return { store, rows, holdConsume: (until: Promise<void>) => (gate = until) };
}

describe('a store of your own', () => {
  const options = (store: SessionStore) => ({ key: SECRET, store, now: () => T0, loadClaims: async () => ({ role: 'editor' }) });

  it('runs the whole session life through the five methods', async () => {
    const { store, rows } = databaseLikeStore();
    const auth = createSessions(options(store));
    const first = await auth.issue('alice');
    const second = await auth.refresh(first.refreshToken);
    expect(rows.size).toBe(1);
    const results = await Promise.allSettled(Array.from({ length: 100 }, () => auth.refresh(second.refreshToken)));
    expect(results.filter((result) => result.status === 'fulfilled')).toHaveLength(1);
    expect(rows.size).toBe(0); // the replays revoked the family
    await auth.issue('alice');
    await auth.revokeSubject('alice');
    expect(rows.size).toBe(0);
  });

  it('a logout during an unfinished refresh still wins: the refresh fails and leaves nothing live', async () => {
    const { store, rows, holdConsume } = databaseLikeStore();
    const auth = createSessions(options(store));
    const { refreshToken } = await auth.issue('alice');
    let release!: () => void;
    holdConsume(new Promise<void>((resolve) => (release = resolve)));
    const refreshing = auth.refresh(refreshToken);
    await auth.revoke(refreshToken);
    release();
    await expectCode(refreshing, 'ERR_SESSION_REVOKED');
    expect(rows.size).toBe(0);
  });
});
