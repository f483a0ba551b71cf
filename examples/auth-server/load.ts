/**
 * A bounded load run: autocannon sends GET /api/me with one user's access token through nginx
 * for a fixed time, on loopback, and reports requests per second, latency percentiles and every
 * kind of failure. `npm run load` starts the stack, runs 10 s and stops everything; the e2e test
 * runs a 2-second one and asserts there were no failures.
 */
import autocannon from 'autocannon';
import { DEMO_USERS, type Stack, startStack } from './stack.js';

export interface LoadResult {
  seconds: number;
  connections: number;
  requests: number;
  requestsPerSecond: number;
  latencyMs: { p50: number; p99: number; max: number };
  /** Socket errors, timeouts, and answers other than 2xx: each must be 0. */
  errors: number;
  timeouts: number;
  non2xx: number;
}

/** Logs `username` in through nginx and returns the access token. */
export async function accessTokenFor(stack: Stack, username: keyof typeof DEMO_USERS | string, password: string): Promise<string> {
  const response = await fetch(`${stack.url}/api/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  if (response.status !== 200) throw new Error(`login failed: ${response.status} ${await response.text()}`);
  return ((await response.json()) as { accessToken: string }).accessToken;
}

/** Runs autocannon against `url` with a bearer token; bounded by `seconds`. */
export async function runLoad(url: string, accessToken: string, seconds: number, connections = 20): Promise<LoadResult> {
  const result = await autocannon({
    url,
    connections,
    duration: seconds,
    timeout: 5,
    headers: { authorization: `Bearer ${accessToken}` },
  });
  return {
    seconds,
    connections,
    requests: result.requests.total,
    requestsPerSecond: Math.round(result.requests.average),
    latencyMs: { p50: result.latency.p50, p99: result.latency.p99, max: result.latency.max },
    errors: result.errors,
    timeouts: result.timeouts,
    non2xx: result.non2xx,
  };
}

export function formatLoad(result: LoadResult): string {
  const { seconds, connections, requests, requestsPerSecond, latencyMs, errors, timeouts, non2xx } = result;
  return [
    `GET /api/me through nginx → 2 instances, ${connections} connections, ${seconds} s`,
    `  requests      ${requests} (${requestsPerSecond} requests/s)`,
    `  latency       p50 ${latencyMs.p50} ms, p99 ${latencyMs.p99} ms, max ${latencyMs.max} ms`,
    `  failures      ${errors} errors, ${timeouts} timeouts, ${non2xx} non-2xx`,
  ].join('\n');
}

// `npm run load [seconds]`: the stack, a 10 s run (or the given seconds, at most 60), the figures, and everything stopped.
if (import.meta.url === `file://${process.argv[1]}`) {
  const seconds = Math.min(Number(process.argv[2] ?? 10) || 10, 60);
  const stack = await startStack({ users: DEMO_USERS });
  try {
    const token = await accessTokenFor(stack, 'alice', DEMO_USERS.alice.password);
    const result = await runLoad(`${stack.url}/api/me`, token, seconds);
    console.log(`${new Date().toISOString().slice(0, 10)}, ${process.platform} ${process.arch}, Node ${process.version}`);
    console.log(formatLoad(result));
    process.exitCode = result.errors + result.timeouts + result.non2xx === 0 ? 0 : 1;
  } finally {
    await stack.stop();
  }
}
