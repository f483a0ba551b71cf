import { expect, it } from 'vitest';
import type { RefreshRecord, RotationGrace, SessionStore } from '../../src/sessions/index.js';
import { expectCode } from '../helpers.js';

/**
 * What every store with `rotate` must do (SessionStore's contract), as tests any store can run:
 * memoryStore, redisStore on one Redis and on a Cluster. `fresh()` gives two handles on one empty
 * store (two app processes; memoryStore: the same object twice).
 */
export function rotationContract(fresh: () => Promise<{ a: SessionStore; b: SessionStore }>): void {
  const now = Math.floor(Date.now() / 1000);
  const record = (jti: string, family = 'f1', sub = 'alice'): RefreshRecord => ({ jti, family, sub, expiresAt: now + 600 });
  const grace = (at = now, client = ''): RotationGrace => ({ now: at, seconds: 30, client });

  it('rotate: the live token rotates; the same token again within the window gets the same successor, changing nothing', async () => {
    const { a, b } = await fresh();
    await a.create(record('r0'));
    expect(await a.rotate!('r0', record('r1'), grace())).toEqual({ status: 'rotated' });
    expect(await b.rotate!('r0', record('other'), grace(now + 29))).toEqual({ status: 'replayed', successor: record('r1'), rotatedAt: now });
    // Nothing changed: the successor is the family's one live token.
    expect(await b.consume('other', record('x'))).toBe(false);
    expect(await b.consume('r1', record('r2'))).toBe(true);
  });

  it('rotate: of 200 concurrent rotations of one token from two processes, one rotates and 199 get its successor', async () => {
    const { a, b } = await fresh();
    await a.create(record('r0'));
    const results = await Promise.all(Array.from({ length: 200 }, (_, i) => (i % 2 ? a : b).rotate!('r0', record(`n${i}`), grace())));
    const winners = results.flatMap((result, i) => (result.status === 'rotated' ? [i] : []));
    expect(winners).toHaveLength(1);
    const successor = record(`n${winners[0]}`);
    expect(results.filter((result) => result.status === 'replayed' && result.successor.jti === successor.jti)).toHaveLength(199);
    // One chain: only the winner's successor is live.
    for (const i of [0, 1, 2].filter((i) => i !== winners[0])) expect(await a.consume(`n${i}`, record('x'))).toBe(false);
    expect(await b.consume(successor.jti, record('next'))).toBe(true);
  });

  it('rotate: refused after the window, from another client, once the successor is spent, and after a revoke', async () => {
    const { a, b } = await fresh();
    await a.create(record('r0'));
    await a.rotate!('r0', record('r1'), grace(now, 'web'));
    expect(await b.rotate!('r0', record('x'), grace(now + 30, 'web'))).toEqual({ status: 'refused' });
    expect(await b.rotate!('r0', record('x'), grace(now + 1, 'mobile'))).toEqual({ status: 'refused' });
    expect(await b.rotate!('r0', record('x'), grace(now + 1, 'web'))).toMatchObject({ status: 'replayed' });
    await a.rotate!('r1', record('r2'), grace(now + 2, 'web'));
    expect(await b.rotate!('r0', record('x'), grace(now + 3, 'web'))).toEqual({ status: 'refused' });
    expect(await b.rotate!('r1', record('x'), grace(now + 3, 'web'))).toMatchObject({ status: 'replayed', successor: { jti: 'r2' } });
    await b.revokeFamily('f1', 'alice');
    expect(await b.rotate!('r1', record('x'), grace(now + 4, 'web'))).toEqual({ status: 'refused' });
    expect(await b.rotate!('r2', record('x'), grace(now + 4, 'web'))).toEqual({ status: 'refused' });
    // An unknown token: refused, nothing saved.
    expect(await a.rotate!('nope', record('y', 'f9'), grace())).toEqual({ status: 'refused' });
    expect(await a.consume('y', record('z', 'f9'))).toBe(false);
  });

  it('rotate: rejects a malformed grace with ERR_INVALID_ARGUMENT', async () => {
    const { a } = await fresh();
    await a.create(record('r0'));
    for (const bad of [null, { now, seconds: 0, client: '' }, { now: Number.NaN, seconds: 30, client: '' }, { now, seconds: 30, client: 7 }]) {
      await expectCode(a.rotate!('r0', record('r1'), bad as unknown as RotationGrace), 'ERR_INVALID_ARGUMENT');
    }
    expect(await a.rotate!('r0', record('r1'), grace())).toEqual({ status: 'rotated' }); // the bad calls changed nothing
  });
}
