/// <reference types="node" />
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Alg, type Jwk, exportJwk, exportPem, generateKeyPair, generateSecret, thumbprint } from '../../index.js';
import { atMost, defineCommand } from '../command.js';
import { configError, usageError } from '../exit.js';
import { SUPPORTED_ALGS } from '../keys.js';

/**
 * `jwtkit keygen`: a new key pair as JWK and PEM files (private ones mode 0600), or a new HMAC
 * secret as a JWK. The kid defaults to the public key's RFC 7638 thumbprint. Files are never
 * overwritten.
 */

export const keygenCommand = defineCommand({
  name: 'keygen',
  summary: 'make a key pair (JWK + PEM files) or an HMAC secret',
  checksTokens: false,
  options: {
    kid: { type: 'string' },
    'out-dir': { type: 'string' },
    bits: { type: 'string' },
  },
  help: `Usage: jwtkit keygen ALG [--kid ID] [--out-dir DIR] [--bits N]

Writes a new key into DIR (default: the current directory), never over an existing file:
  RS*, PS*, ES*, EdDSA:  private.jwk.json, private.pem (mode 0600), public.jwk.json, public.pem
  HS256/384/512:         secret.jwk.json (mode 0600)
Keep the private files secret; publish public.jwk.json (jwtkit jwks public.jwk.json > jwks.json).

Options:
  --kid ID      the key id in the JWKs (default: the RFC 7638 thumbprint of the public key)
  --out-dir DIR where to write the files (created if missing)
  --bits N      RSA modulus size: 2048 (default), 3072, 4096, …
  --json        { alg, kid, thumbprint, files }
  -h, --help    this help

Algs: ${SUPPORTED_ALGS}

Examples:
  jwtkit keygen ES256 --out-dir keys
  jwtkit keygen RS256 --bits 3072 --kid 2026-12 --out-dir keys/2026-12
  jwtkit keygen HS256 --out-dir secrets`,
  async run({ positionals, values }, output) {
    atMost(positionals, 1, 'keygen');
    const alg = positionals[0] as Alg | undefined;
    if (alg === undefined) throw usageError(`keygen needs an alg, e.g. jwtkit keygen ES256 (${SUPPORTED_ALGS})`);
    const dir = values['out-dir'] ?? '.';
    const generated = await generate(alg, values.kid, values.bits);
    const files: Record<string, string> = {};
    try {
      mkdirSync(dir, { recursive: true });
    } catch {
      throw configError(`cannot create --out-dir ${dir}: check the path and its permissions`, 'ERR_FILE');
    }
    // All or nothing: a key pair half written over an old one would be worse than none.
    const taken = generated.files.map(([name]) => join(dir, name)).filter((path) => existsSync(path));
    if (taken.length > 0)
      throw configError(`${taken.join(', ')} already exists (keygen never overwrites): choose another --out-dir, or move it away`, 'ERR_FILE');
    for (const [name, content, secret] of generated.files) files[name] = writeNew(join(dir, name), content, secret);
    output.result({ alg, kid: generated.kid, thumbprint: generated.thumbprint, files });
    output.line(`${alg} key, kid ${generated.kid}`);
    for (const [name, path] of Object.entries(files)) output.line(`  ${output.style.dim(name.includes('public') ? 'public ' : 'private')}  ${path}`);
    output.note('keep the private files secret (mode 0600); publish only the public key');
  },
});

interface Generated {
  kid: string;
  thumbprint: string;
  /** [file name, content, private?] */
  files: [string, string, boolean][];
}

/** Generates the key (extractable, so it can be written out) and its files' contents. */
async function generate(alg: Alg, kid: string | undefined, bits: string | undefined): Promise<Generated> {
  const json = (jwk: Jwk): string => `${JSON.stringify(jwk, null, 2)}\n`;
  if (alg.startsWith('HS')) {
    const secret = await generateSecret(alg, { extractable: true });
    const jwk = await exportJwk(secret);
    const print = await thumbprint(jwk);
    jwk.kid = kid ?? print;
    return { kid: jwk.kid, thumbprint: print, files: [['secret.jwk.json', json(jwk), true]] };
  }
  if (bits !== undefined && !/^\d+$/.test(bits)) throw usageError('--bits takes a number, e.g. --bits 3072');
  const options = bits === undefined ? { extractable: true } : { extractable: true, modulusLength: Number(bits) };
  const { privateKey, publicKey } = await generateKeyPair(alg, options);
  const [privateJwk, publicJwk] = [await exportJwk(privateKey), await exportJwk(publicKey)];
  const print = await thumbprint(publicJwk);
  privateJwk.kid = publicJwk.kid = kid ?? print;
  return {
    kid: publicJwk.kid,
    thumbprint: print,
    files: [
      ['private.jwk.json', json(privateJwk), true],
      ['private.pem', await exportPem(privateKey), true],
      ['public.jwk.json', json(publicJwk), false],
      ['public.pem', await exportPem(publicKey), false],
    ],
  };
}

/** Writes a file that must not exist yet; private ones readable by their owner only. */
function writeNew(path: string, content: string, secret: boolean): string {
  try {
    writeFileSync(path, content, { flag: 'wx', mode: secret ? 0o600 : 0o644 });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') throw configError(`${path} already exists (keygen never overwrites): choose another --out-dir, or move it away`, 'ERR_FILE');
    throw configError(`cannot write ${path} (${code ?? 'error'}): check --out-dir`, 'ERR_FILE');
  }
  return path;
}
