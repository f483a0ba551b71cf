import { locateExecutable } from '../examples/auth-server/processes.js';

/**
 * The Debian programs some tests start for real (redis-server for the Redis store, redis-server and
 * nginx for the production layout in test/e2e/, chromium for the example page in a browser). On a
 * machine without them those tests are skipped, so a fresh clone's `npm test` passes; with `CI`
 * set they are required, so CI always proves the layout. Looked up once per test process, through
 * the same lookup the examples use (honours JWTKIT_EXECUTABLE_PATH).
 */
export const SERVICES = ['redis-server', 'nginx', 'chromium'] as const;
export type Service = (typeof SERVICES)[number];

/** The tests each program is needed by, for the notice (a folder covers the files in it). */
const NEEDED_BY: Record<Service, string[]> = {
  'redis-server': ['test/stores/redis.test.ts', 'test/e2e/'],
  nginx: ['test/e2e/'],
  chromium: ['test/e2e/browser.test.ts'],
};

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

/** 'a', 'a and b', 'a, b and c'. */
function list(names: readonly string[]): string {
  return names.length < 2 ? names.join('') : `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`;
}

/** The one line a run prints (or fails with) when programs are missing; undefined when none are. */
export function servicesNotice(): string | undefined {
  const missing = missingServices();
  if (missing.length === 0) return undefined;
  const install = `apt-get install ${missing.join(' ')}`;
  if (servicesRequired) return `CI is set, so ${list(missing)} must be installed for the Redis store, production-layout and browser tests: ${install}`;
  const files = [...new Set(missing.flatMap((name) => NEEDED_BY[name]))];
  const shown = files.filter((file) => !files.some((folder) => folder !== file && folder.endsWith('/') && file.startsWith(folder)));
  return `Skipped the tests that need ${list(missing)} (${shown.join(', ')}): ${install}, then npm test again.`;
}
