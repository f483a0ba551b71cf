/// <reference types="node" />
import { type Jwk, type JwkSet, createLocalJwks, thumbprint } from '../../index.js';
import { atMost, defineCommand } from '../command.js';
import { configError, usageError } from '../exit.js';
import { jwkOf, readKeyFile } from '../keys.js';
import { fetchJwksReport } from './jwks-fetch.js';

/**
 * `jwtkit jwks FILE...`: a JWK set to publish, from public keys (private material is refused).
 * `jwtkit jwks fetch URL`: what a remote set holds.
 */

export const jwksCommand = defineCommand({
  name: 'jwks',
  summary: 'a JWK set from public key files; jwks fetch URL shows what a remote set holds',
  checksTokens: false,
  options: {
    timeout: { type: 'string' },
  },
  help: `Usage: jwtkit jwks FILE...          a JWK set ({"keys": [...]}) of the public keys in FILE...
       jwtkit jwks fetch URL [--timeout 5s]   what the JWK set at URL holds

jwks FILE...: each FILE is a public JWK, a public PEM key or a JWK set. Private keys and secrets are
refused: a JWK set is published. Keys without a kid get their RFC 7638 thumbprint as kid.

jwks fetch URL: the HTTP status, the cache headers (Cache-Control, Expires, Age, ETag, Last-Modified),
and each key's kid, kty, alg, use and size, and whether jwtkit can verify with it.

Options:
  --timeout D   jwks fetch: give up after this long (default 5s)
  --json        jwks FILE...: the set (always JSON); jwks fetch: { url, status, headers, keys }
  -h, --help    this help

Examples:
  jwtkit jwks keys/2026-11/public.jwk.json keys/2026-12/public.pem > public/jwks.json
  jwtkit jwks fetch https://www.googleapis.com/oauth2/v3/certs`,
  async run({ positionals, values }, output) {
    if (positionals[0] === 'fetch') {
      atMost(positionals, 2, 'jwks');
      const url = positionals[1];
      if (url === undefined) throw usageError('jwks fetch needs a URL: jwtkit jwks fetch https://issuer.example.com/.well-known/jwks.json');
      return fetchJwksReport(url, values.timeout, output);
    }
    if (positionals.length === 0) throw usageError('jwks needs public key files (jwtkit jwks public.jwk.json ...) or fetch URL');
    const set = await publicSet(positionals);
    createLocalJwks(set); // the library's own check that this is a JWK set it reads
    process.stdout.write(`${JSON.stringify(set, null, 2)}\n`);
  },
});

async function publicSet(paths: string[]): Promise<JwkSet> {
  const keys: Jwk[] = [];
  for (const path of paths) {
    const file = await readKeyFile(path);
    const jwks = file.kind === 'set' ? file.set.keys : [await jwkOf(file, path)];
    for (const jwk of jwks) {
      if (jwk.kty === 'oct' || jwk.d !== undefined) {
        throw configError(
          `${path} holds a ${jwk.kty === 'oct' ? 'secret' : 'private key'}, which must never be published: pass the public key (public.jwk.json or public.pem)`,
        );
      }
      keys.push({ ...jwk, kid: jwk.kid ?? (await thumbprint(jwk)) });
    }
  }
  const kids = keys.map((jwk) => jwk.kid);
  const repeated = kids.find((kid, index) => kids.indexOf(kid) !== index);
  if (repeated !== undefined) throw configError(`two keys have kid ${repeated}: give each key its own kid (jwtkit keygen --kid)`);
  return { keys };
}
