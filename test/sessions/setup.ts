import { createSessions, memoryStore, type SessionsOptions } from '../../src/sessions/index.js';

/** A fresh HS256 secret per run (32 bytes). */
export const SECRET = crypto.getRandomValues(new Uint8Array(32));

/** The moment every test session starts: a fixed epoch second, so tests move time without sleeping. */
export const T0 = 1_700_000_000;

/** A user directory that tests edit to disable users or change their permissions. */
export type Users = Map<string, { role: string } | null>;

/** Sessions on a fake clock, a memory store and an editable user directory. */
export function setup(options: Partial<SessionsOptions<{ role: string }>> = {}) {
  const clock = { now: T0 };
  const users: Users = new Map([
    ['alice', { role: 'editor' }],
    ['bob', { role: 'viewer' }],
  ]);
  const store = memoryStore();
  const loadCalls: string[] = [];
  const auth = createSessions<{ role: string }>({
    key: SECRET,
    store,
    now: () => clock.now,
    loadClaims: async (sub) => {
      loadCalls.push(sub);
      return users.get(sub) ?? null;
    },
    ...options,
  });
  return { auth, clock, users, store, loadCalls };
}
