import { locateExecutable } from '../examples/auth-server/processes.js';

/**
 * The Debian programs some tests start for real (redis-server for the Redis store, both for the
 * production layout in test/e2e/). On a machine without them those tests are skipped, so a fresh
 * clone's `npm test` passes; with `CI` set they are required, so CI always proves the layout.
 * Looked up once per test process, through the same lookup the examples use (honours
 * JWTKIT_EXECUTABLE_PATH).
 */
export const SERVICES = ['redis-server', 'nginx'] as const;
export type Service = (typeof SERVICES)[number];

/** `CI=true` (or any value but `false`/`0`): missing programs fail the run instead of skipping. */
export const servicesRequired = !['', 'false', '0'].includes(process.env.CI ?? '');

const missingNow = new Set<Service>(SERVICES.filter((name) => locateExecutable(name) === undefined));

/** The programs of `names` (all of them by default) that are not installed here. */
export function missingServices(names: readonly Service[] = SERVICES): Service[] {
  return names.filter((name) => missingNow.has(name));
}

/** For `describe.skipIf(...)`: true when one of `names` is missing and CI does not require them. */
export function skipWithout(...names: Service[]): boolean {
  return !servicesRequired && missingServices(names).length > 0;
}

/** The one line a run prints (or fails with) when programs are missing; undefined when none are. */
export function servicesNotice(): string | undefined {
  const missing = missingServices();
  if (missing.length === 0) return undefined;
  const install = `apt-get install ${missing.join(' ')}`;
  if (servicesRequired) return `CI is set, so ${missing.join(' and ')} must be installed for the Redis store and production-layout tests: ${install}`;
  return `Skipped the tests that need ${missing.join(' and ')} (test/stores/redis.test.ts, test/e2e/production.test.ts): ${install}, then npm test again.`;
}
