import { describe, expect, it } from 'vitest';
import { createSessions, memoryStore, type MemoryStoreOptions, type RefreshRecord, type SessionStore } from '../../src/sessions/index.js';
import { expectCode, seededRandom } from '../helpers.js';
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

  it('is bounded: when full, a new login ends a session (one user, equal ends: the one rotated least recently)', async () => {
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

  it("when full, a few accounts logging in again and again end only their own sessions, never the other users'", async () => {
    const store = memoryStore({ maxSessions: 100, maxSessionsPerSubject: 20 });
    for (let user = 0; user < 10; user++) await store.create(record(`u${user}`, `fu${user}`, `user${user}`, T0 + 100));
    // Five accounts, each up to its per-user bound, then logging in on and on: 500 logins into a store of 100.
    for (let login = 0; login < 100; login++) {
      for (let account = 0; account < 5; account++)
        await store.create(record(`a${account}-${login}`, `fa${account}-${login}`, `attacker${account}`, T0 + 1000 + login));
    }
    expect(store.size).toBe(100);
    for (let user = 0; user < 10; user++) expect(await store.consume(`u${user}`, record(`u${user}x`, `fu${user}`, `user${user}`, T0 + 100))).toBe(true);
    // The accounts share the rest, 18 each, their latest logins.
    for (let account = 0; account < 5; account++) {
      expect(await store.consume(`a${account}-81`, record(`x${account}`, `fa${account}-81`, `attacker${account}`, T0 + 1081))).toBe(false);
      expect(await store.consume(`a${account}-82`, record(`y${account}`, `fa${account}-82`, `attacker${account}`, T0 + 1082))).toBe(true);
    }
    // A user's new login (one more session) ends an attacker's session, not another user's.
    await store.create(record('late', 'f-late', 'latecomer', T0 + 5000));
    expect(await store.consume('late', record('late2', 'f-late', 'latecomer', T0 + 5000))).toBe(true);
    for (let user = 0; user < 10; user++) expect(await store.consume(`u${user}x`, record(`u${user}y`, `fu${user}`, `user${user}`, T0 + 100))).toBe(true);
  });

  it("through createSessions: a full store's logins by two scripted accounts log out only them (refresh: ERR_SESSION_REVOKED), alice stays in", async () => {
    const clock = { now: T0 };
    const store = memoryStore({ maxSessions: 10, maxSessionsPerSubject: 5 });
    const auth = createSessions({ key: SECRET, store, now: () => clock.now, loadClaims: async () => ({}) });
    let alice = await auth.issue('alice');
    const firsts = [await auth.issue('mallory'), await auth.issue('trudy')];
    for (let login = 0; login < 20; login++) {
      clock.now += 1;
      await auth.issue(login % 2 === 0 ? 'mallory' : 'trudy');
    }
    expect(store.size).toBe(10);
    alice = await auth.refresh(alice.refreshToken);
    for (const first of firsts) await expectCode(auth.refresh(first.refreshToken), 'ERR_SESSION_REVOKED');
    await auth.refresh(alice.refreshToken);
  });

  it('when full, a login ends the session that ends first of the user holding the most, the login counted', async () => {
    const store = memoryStore({ maxSessions: 4 });
    await store.create(record('b1', 'fb1', 'bob', T0 + 10)); // ends first of all, but bob holds one
    await store.create(record('a1', 'fa1', 'alice', T0 + 30));
    await store.create(record('a2', 'fa2', 'alice', T0 + 20)); // alice's that ends first
    await store.create(record('c1', 'fc1', 'carol', T0 + 40));
    await store.create(record('d1', 'fd1', 'dave', T0 + 50));
    expect(store.size).toBe(4);
    expect(await store.consume('a2', record('a2x', 'fa2', 'alice', T0 + 20))).toBe(false);
    // Now everyone holds one and dave logs in again: with the login counted, dave holds the most.
    await store.create(record('d2', 'fd2', 'dave', T0 + 60));
    expect(await store.consume('d1', record('d1x', 'fd1', 'dave', T0 + 50))).toBe(false);
    for (const [jti, family, sub, end] of [
      ['b1', 'fb1', 'bob', T0 + 10],
      ['a1', 'fa1', 'alice', T0 + 30],
      ['c1', 'fc1', 'carol', T0 + 40],
      ['d2', 'fd2', 'dave', T0 + 60],
    ] as const) {
      expect(await store.consume(jti, record(`${jti}x`, family, sub, end))).toBe(true);
    }
  });

  it('when full, of users tied at the most, the session that ends first goes; of equal ends, the one saved least recently', async () => {
    const store = memoryStore({ maxSessions: 3 });
    await store.create(record('a', 'fa', 'alice', T0 + 30));
    await store.create(record('b', 'fb', 'bob', T0 + 20)); // ends first
    await store.create(record('c', 'fc', 'carol', T0 + 30));
    await store.create(record('d', 'fd', 'dave', T0 + 40));
    expect(await store.consume('b', record('bx', 'fb', 'bob', T0 + 20))).toBe(false);
    // alice and carol end together; alice's record was saved first, so it goes, unless she rotated since.
    await store.consume('a', record('a2', 'fa', 'alice', T0 + 30));
    await store.create(record('e', 'fe', 'erin', T0 + 50));
    expect(await store.consume('c', record('cx', 'fc', 'carol', T0 + 30))).toBe(false);
    expect(await store.consume('a2', record('a3', 'fa', 'alice', T0 + 30))).toBe(true);
    expect(store.size).toBe(3);
  });

  it('a jti names one record: a second record with it replaces the first, whose family then holds nothing', async () => {
    const store = memoryStore();
    await store.create(record('a', 'f1'));
    await store.create(record('a', 'f2'));
    expect(store.size).toBe(1);
    await store.revokeFamily('f1'); // ended already: must not end f2's record
    expect(await store.consume('a', record('b', 'f2'))).toBe(true);
    expect(store.size).toBe(1);
  });

  it('when full, a login replacing a family (one more record of a session, not one more session) ends nothing', async () => {
    const store = memoryStore({ maxSessions: 2 });
    await store.create(record('b', 'fb', 'bob'));
    await store.create(record('a', 'fa', 'alice'));
    await store.create(record('a2', 'fa', 'alice'));
    expect(store.size).toBe(2);
    expect(await store.consume('b', record('b2', 'fb', 'bob'))).toBe(true);
    expect(await store.consume('a2', record('a3', 'fa', 'alice'))).toBe(true);
  });

  it('when full, ends exactly the sessions the rule names, through 3,000 random logins, rotations and logouts', async () => {
    // The rule written the slow way (a walk of every session), against the store's heaps.
    type Live = { jti: string; family: string; sub: string; end: number; saved: number };
    let live: Live[] = [];
    let saves = 0;
    const first = (sessions: Live[]) => sessions.reduce((a, b) => (b.end < a.end || (b.end === a.end && b.saved < a.saved) ? b : a));
    const of = (sub: string) => live.filter((session) => session.sub === sub);
    const store = memoryStore({ maxSessions: 40, maxSessionsPerSubject: 8 });
    const random = seededRandom(7);
    const next = (n: number) => Math.floor(random() * n);
    for (let step = 0; step < 3000; step++) {
      const roll = next(10);
      if (roll < 6 || live.length === 0) {
        const sub = `user${Math.min(next(30), next(30))}`; // low numbers log in more often
        const session = { jti: `j${step}`, family: `f${step}`, sub, end: T0 + next(50), saved: saves++ };
        await store.create(record(session.jti, session.family, sub, session.end));
        if (of(sub).length >= 8) live = live.filter((other) => other !== first(of(sub)));
        live.push(session);
        if (live.length > 40) {
          const counts = (sub: string) => of(sub).length;
          const most = Math.max(...live.map((other) => counts(other.sub)));
          const victim = first(live.filter((other) => counts(other.sub) === most).map((other) => first(of(other.sub))));
          live = live.filter((other) => other !== victim);
        }
      } else if (roll < 9) {
        const old = live[next(live.length)]!;
        const rotated = { ...old, jti: `r${step}`, end: old.end + next(3), saved: saves++ };
        expect(await store.consume(old.jti, record(rotated.jti, rotated.family, rotated.sub, rotated.end))).toBe(true);
        live = live.map((other) => (other === old ? rotated : other));
      } else {
        const gone = live[next(live.length)]!;
        await store.revokeFamily(gone.family);
        live = live.filter((other) => other !== gone);
      }
      expect(store.size).toBe(live.length);
    }
    for (const { jti, family, sub, end } of live) expect(await store.consume(jti, record(`${jti}x`, family, sub, end))).toBe(true);
  });

  it('fills to 100,000 sessions and takes 20,000 logins beyond, fairly (not timed: a login walks no list of sessions)', async () => {
    const store = memoryStore({ maxSessions: 100_000 });
    // 10,000 users with one session each, then 90 accounts at the per-user bound (90,000 sessions).
    for (let user = 0; user < 10_000; user++) await store.create(record(`u${user}`, `fu${user}`, `user${user}`, T0 + 500));
    for (let account = 0; account < 90; account++) {
      for (let login = 0; login < 1000; login++)
        await store.create(record(`a${account}-${login}`, `fa${account}-${login}`, `account${account}`, T0 + 1000 + login));
    }
    expect(store.size).toBe(100_000);
    // 10,000 more logins of the accounts and 10,000 of new users: every one ends an account's session.
    for (let login = 0; login < 10_000; login++) {
      await store.create(record(`b${login}`, `fb${login}`, `account${login % 90}`, T0 + 3000 + login));
      await store.create(record(`n${login}`, `fn${login}`, `newcomer${login}`, T0 + 500));
    }
    expect(store.size).toBe(100_000);
    for (let user = 0; user < 10_000; user += 997)
      expect(await store.consume(`u${user}`, record(`u${user}x`, `fu${user}`, `user${user}`, T0 + 500))).toBe(true);
    for (let user = 0; user < 10_000; user += 997)
      expect(await store.consume(`n${user}`, record(`n${user}x`, `fn${user}`, `newcomer${user}`, T0 + 500))).toBe(true);
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
