import { describe, expect, expectTypeOf, it } from 'vitest';
import { type AccessPayload, createSessions } from '../../src/sessions/index.js';

/**
 * Compile-time checks of createSessions' claims type (`npm run typecheck` compiles this file; a
 * wrong type is a type error there, and each `@ts-expect-error` fails the check once the line compiles).
 */

/** The app's claims as an interface: no implicit index signature, unlike a type alias. */
interface MyClaims {
  role: 'admin' | 'editor';
  teams: string[];
}

const secret = crypto.getRandomValues(new Uint8Array(32));

describe('createSessions<Claims> (types)', () => {
  it('takes an interface, and the claims come back typed', async () => {
    const auth = createSessions<MyClaims>({ key: secret, loadClaims: () => ({ role: 'editor', teams: ['a'] }) });
    const { accessToken } = await auth.issue('alice');
    const payload = await auth.verifyAccess(accessToken);
    expectTypeOf(payload).toExtend<AccessPayload<MyClaims>>();
    expectTypeOf(payload.role).toEqualTypeOf<'admin' | 'editor'>();
    expectTypeOf(payload.sub).toBeString();
    expect(payload.teams).toEqual(['a']);
  });

  it('still refuses claims of the wrong shape', () => {
    // @ts-expect-error loadClaims must return the interface's shape (role is a union of two names)
    createSessions<MyClaims>({ key: secret, loadClaims: () => ({ role: 'owner', teams: [] }) });
    const auth = createSessions<MyClaims>({ key: secret, loadClaims: () => null });
    // @ts-expect-error issue's claims must have every property of the interface
    void auth.issue('alice', { role: 'admin' }).catch(() => undefined);
    // @ts-expect-error the claims type is an object type, not a primitive
    createSessions<string>({ key: secret, loadClaims: () => 'admin' });
  });
});
