import { servicesNotice, servicesRequired } from './services.js';

/**
 * vitest globalSetup: with CI set, fails the run before any test when a program is missing;
 * otherwise says once, after the results, which tests were skipped and how to run them. Every
 * project inherits this setup, so the process-wide flag keeps it to one line per run.
 */
export default function setup(): (() => void) | undefined {
  const notice = servicesNotice();
  if (notice === undefined) return undefined;
  if (servicesRequired) throw new Error(notice);
  const shown = Symbol.for('jwtkit.servicesNotice');
  const flags = globalThis as { [shown]?: boolean };
  if (flags[shown]) return undefined;
  flags[shown] = true;
  return () => console.warn(`\n${notice}\n`);
}
