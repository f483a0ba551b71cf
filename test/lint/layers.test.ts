import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

/**
 * The layer rules of eslint.config.js fail the lint on an import that breaks the layers (and pass
 * the ones the layers allow). Each case lints one import line as if it were a file of that folder.
 */

const eslint = new ESLint({ cwd: new URL('../..', import.meta.url).pathname });

/** The messages of no-restricted-imports for `source` linted as `filePath`. */
async function layerErrors(filePath: string, source: string): Promise<string[]> {
  const [result] = await eslint.lintText(`${source}\n`, { filePath });
  return result!.messages.filter((message) => message.ruleId === '@typescript-eslint/no-restricted-imports').map((message) => message.message);
}

describe('eslint layer rules (no-restricted-imports per folder)', () => {
  it.each([
    ['src/jws/fixture.ts', "import { verify } from '../jwt/verify.js';", 'jws/ knows nothing of JWTs'],
    ['src/jws/fixture.ts', "import { backend } from '../backend/index.js';", 'only keys/ reaches the crypto backend'],
    ['src/jwt/fixture.ts', "import { backend } from '../backend/index.js';", 'only keys/ reaches the crypto backend'],
    ['src/jwt/fixture.ts', "import { createLocalJwks } from '../jwks/local.js';", 'jwt/ is below jwks/'],
    ['src/jwks/fixture.ts', "import { createSessions } from '../sessions/sessions.js';", 'jwks/ is below'],
    ['src/keys/fixture.ts', "import { verifyCompact } from '../jws/verify.js';", 'keys/ is below'],
    ['src/util/fixture.ts', "import { Key } from '../keys/key.js';", 'util/ is a leaf'],
    ['src/sessions/fixture.ts', "import { verifyToken } from '../jwt/verify.js';", 'public entry only'],
    ['src/stores/fixture.ts', "import { keyFor } from '../keys/import.js';", 'public entry only'],
    ['src/cli/commands/fixture.ts', "import { keyFor } from '../../keys/import.js';", 'public entry only'],
    ['src/client/fixture.ts', "import { readFileSync } from 'node:fs';", 'runs in browsers'],
    ['src/sessions/fixture.ts', "import { JwtSessionExpiredError } from './errors.js';", 'one class for jwtkit and jwtkit/sessions'],
    ['src/stores/fixture.ts', "import { JwtSessionRevokedError } from '../sessions/errors.js';", 'one class for jwtkit and jwtkit/sessions'],
    ['src/sessions/errors.ts', "import { verify } from '../index.js';", "imports the core's errors.ts only"],
    ['src/fixture.ts', "import { JwksFetchError } from './jwks/errors.js';", 'types only'],
    ['src/index.ts', "export { createSessions } from './sessions/sessions.js';", 'does not load the layers built on it'],
  ])('%s: %s is a lint error', async (filePath, source, message) => {
    const errors = await layerErrors(filePath, source);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toContain(message);
  });

  it.each([
    ['src/keys/fixture.ts', "import { backend } from '../backend/index.js';"],
    ['src/jws/fixture.ts', "import { keyFor } from '../keys/import.js';"],
    ['src/jwt/fixture.ts', "import { verifyCompact } from '../jws/verify.js';"],
    ['src/sessions/fixture.ts', "import { verify } from '../index.js';"],
    ['src/stores/fixture.ts', "import type { SessionStore } from '../sessions/index.js';"],
    ['src/cli/commands/fixture.ts', "import { sign } from '../../index.js';"],
    ['src/sessions/errors.ts', "import { JwtError } from '../errors.js';"],
    ['src/fixture.ts', "import type { JwksFetchError } from './jwks/errors.js';"],
    ['src/index.ts', "export { JwtSessionExpiredError } from './sessions/errors.js';"],
  ])('%s: %s is allowed', async (filePath, source) => {
    expect(await layerErrors(filePath, source)).toEqual([]);
  });
});
