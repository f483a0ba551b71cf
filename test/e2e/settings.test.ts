import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { readConfig } from '../../examples/auth-server/config.js';

/**
 * The auth server's settings: started with missing or bad environment variables, it exits 1 and
 * names every one of them, with what a good value looks like, and no stack trace.
 */

const root = fileURLToPath(new URL('../../', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'jwtkit-settings-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Runs examples/auth-server/server.ts with exactly `env` (plus PATH); resolves its exit code and output. Killed after 10 s. */
function runServer(env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'examples/auth-server/server.ts'], { cwd: root, env: { PATH: process.env.PATH, ...env } });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}

const noStackTrace = /\n\s+at |node:internal|\.ts:\d+/;

describe('auth-server settings', () => {
  it('names each missing required setting and exits 1', async () => {
    const { code, output } = await runServer({});
    expect(code).toBe(1);
    expect(output).toContain('JWT_SECRET is not set');
    expect(output).toContain('USERS_FILE is not set');
    expect(output).not.toMatch(noStackTrace);
  });

  it('names each bad setting, without echoing secrets', async () => {
    const env = {
      PORT: '70000',
      JWT_SECRET: 'short-secret',
      ACCESS_TTL: 'soon',
      REFRESH_TTL: '0',
      ROTATION_GRACE: '10m',
      REDIS_URL: 'http://user:hunter2@example',
      USERS_FILE: join(dir, 'users.json'),
      BODY_LIMIT: 'lots',
    };
    const { code, output } = await runServer(env);
    expect(code).toBe(1);
    for (const name of ['PORT', 'JWT_SECRET', 'ACCESS_TTL', 'REFRESH_TTL', 'ROTATION_GRACE', 'REDIS_URL', 'BODY_LIMIT'])
      expect(output).toMatch(new RegExp(`^  - ${name} .*: expected `, 'm'));
    expect(output).not.toContain('short-secret');
    expect(output).not.toContain('hunter2');
    expect(output).not.toMatch(noStackTrace);
  });

  it('says which users file is missing or bad, and which user', async () => {
    const base = { JWT_SECRET: 'x'.repeat(32), PORT: '1' };
    const missing = await runServer({ ...base, USERS_FILE: join(dir, 'nope.json') });
    expect(missing.code).toBe(1);
    expect(missing.output).toMatch(/USERS_FILE .*nope\.json: ENOENT/);
    const file = join(dir, 'bad-users.json');
    writeFileSync(file, JSON.stringify({ alice: { role: 'editor', password: 'plain text' } }));
    const bad = await runServer({ ...base, USERS_FILE: file });
    expect(bad.code).toBe(1);
    expect(bad.output).toMatch(/user "alice": password must be "scrypt\$N\$r\$p\$/);
    expect(bad.output).not.toMatch(noStackTrace);
  });

  it('takes durations with a unit or as seconds, and defaults the optional settings', () => {
    expect(readConfig({ JWT_SECRET: 'x'.repeat(32), USERS_FILE: 'users.json', ROTATION_GRACE: '0' }).rotationGrace).toBe(0);
    const config = readConfig({ JWT_SECRET: 'x'.repeat(32), USERS_FILE: 'users.json', ACCESS_TTL: '2s', REFRESH_TTL: '3600' });
    expect(config).toMatchObject({
      accessTtl: 2,
      refreshTtl: 3600,
      rotationGrace: 30,
      port: 3000,
      host: '127.0.0.1',
      redisUrl: undefined,
      bodyLimit: 4096,
      instance: '127.0.0.1:3000',
    });
  });
});
