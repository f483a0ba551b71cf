import { expect, it } from 'vitest';
import { describeCli, jwtkit } from './cli.js';

/** What every command shares: --help with examples, usage errors (exit 2) on one line, colours and NO_COLOR. */

const COMMANDS = ['decode', 'verify', 'sign', 'keygen', 'thumbprint', 'jwks'];

describeCli('jwtkit usage', () => {
  it('jwtkit --help lists every command and the exit statuses', async () => {
    const result = await jwtkit(['--help']);
    expect(result.status).toBe(0);
    for (const command of COMMANDS) expect(result.stdout).toMatch(new RegExp(`^  ${command} `, 'm'));
    expect(result.stdout).toMatch(/^ {2}1 {2}the token was rejected/m);
    expect(result.stdout).toMatch(/^ {2}3 {2}key or config problem/m);
    expect((await jwtkit([])).stdout).toBe(result.stdout);
    expect((await jwtkit(['help', 'verify'])).stdout).toBe((await jwtkit(['verify', '--help'])).stdout);
  });

  it('every command has --help with usage and examples', async () => {
    const results = await Promise.all(COMMANDS.map((command) => jwtkit([command, '--help'])));
    results.forEach((result, index) => {
      expect(result.status).toBe(0);
      expect(result.stdout).toContain(`Usage: jwtkit ${COMMANDS[index]}`);
      expect(result.stdout).toMatch(/Examples:\n {2}\S/);
    });
  });

  it('--version prints the package version', async () => {
    const { version } = (await import('../../package.json', { with: { type: 'json' } })).default;
    expect((await jwtkit(['--version'])).stdout).toBe(`${version}\n`);
  });

  it('usage errors are exit 2 with one line that says what to do: unknown command, unknown option, two key sources', async () => {
    const unknownCommand = await jwtkit(['frobnicate']);
    const unknownOption = await jwtkit(['decode', '--verbose', 'a.b.c']);
    const twoKeys = await jwtkit(['verify', 'a.b.c', '--key', 'k.pem', '--secret-env', 'S', '--iss', 'i', '--aud', 'a']);
    const noKey = await jwtkit(['verify', 'a.b.c', '--iss', 'i', '--aud', 'a']);
    for (const [result, hint] of [
      [unknownCommand, 'jwtkit --help'],
      [unknownOption, 'jwtkit decode --help'],
      [twoKeys, 'keep one of'],
      [noKey, '--key FILE'],
    ] as const) {
      expect(result.status).toBe(2);
      expect(result.stderr.trim().split('\n')).toHaveLength(1);
      expect(result.stderr).toContain(hint);
      expect(result.stderr).toContain('(ERR_USAGE)');
    }
  });

  it('a token given where the command belongs is not echoed back', async () => {
    const result = await jwtkit(['eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2ln', 'decode']);
    expect(result.status).toBe(2);
    expect(result.stderr).not.toContain('eyJ');
  });

  it('--json errors are one JSON document on stdout, nothing on stderr', async () => {
    const result = await jwtkit(['verify', 'a.b.c', '--iss', 'i', '--aud', 'a', '--json']);
    expect(result.status).toBe(2);
    expect(result.stderr).toBe('');
    expect(result.json()).toEqual({ error: { code: 'ERR_USAGE', message: expect.stringContaining('--key FILE'), exit: 2 } });
  });

  it('colours only when asked for by the environment or a terminal, and never with NO_COLOR', async () => {
    const ESC = '\u001b[';
    expect((await jwtkit(['frobnicate'])).stderr).not.toContain(ESC); // stderr is a pipe here, not a terminal
    expect((await jwtkit(['frobnicate'], { env: { FORCE_COLOR: '1' } })).stderr).toContain(ESC);
    expect((await jwtkit(['frobnicate'], { env: { FORCE_COLOR: '1', NO_COLOR: '1' } })).stderr).not.toContain(ESC);
  });
});

describeCli('jwtkit bin', () => {
  it('package.json names dist/cli.js as the jwtkit bin, an executable with a node shebang that loads the core by the package name', async () => {
    const { readFileSync, statSync } = await import('node:fs');
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { bin: Record<string, string> };
    expect(pkg.bin).toEqual({ jwtkit: './dist/cli.js' });
    const bin = new URL(`../../${pkg.bin.jwtkit}`, import.meta.url);
    const text = readFileSync(bin, 'utf8');
    expect(text.startsWith('#!/usr/bin/env node\n')).toBe(true);
    expect(statSync(bin).mode & 0o111).not.toBe(0);
    // One core: the bin imports 'jwtkit' (the node:crypto build), it carries no copy of it.
    expect(text).toMatch(/from ["']jwtkit["']/);
    expect(text).not.toContain('class JwtError');
  });
});
