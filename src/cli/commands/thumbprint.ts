/// <reference types="node" />
import { type Hash, type Jwk, thumbprint, thumbprintUri } from '../../index.js';
import { atMost, defineCommand } from '../command.js';
import { usageError } from '../exit.js';
import { jwkOf, readKeyFile } from '../keys.js';

/** `jwtkit thumbprint`: the RFC 7638 thumbprint of a key (a JWK, a public PEM key, or each key of a JWK set). */

export const thumbprintCommand = defineCommand({
  name: 'thumbprint',
  summary: 'the RFC 7638 JWK thumbprint of a key (e.g. to use as its kid)',
  checksTokens: false,
  options: {
    hash: { type: 'string' },
    uri: { type: 'boolean' },
  },
  help: `Usage: jwtkit thumbprint FILE [--hash SHA-256|SHA-384|SHA-512] [--uri]

Prints the JWK thumbprint (RFC 7638, base64url) of the key in FILE: a JWK (public or private:
both give the same thumbprint), a public PEM key, or a JWK set (one line per key). - reads stdin.

Options:
  --hash H      SHA-256 (default), SHA-384 or SHA-512
  --uri         the RFC 9278 URI form: urn:ietf:params:oauth:jwk-thumbprint:sha-256:...
  --json        { thumbprints: [{ kid, kty, thumbprint, uri }] }
  -h, --help    this help

Examples:
  jwtkit thumbprint public.jwk.json
  jwtkit thumbprint public.pem --uri
  curl -s https://auth.example.com/jwks.json | jwtkit thumbprint - --json`,
  async run({ positionals, values }, output) {
    atMost(positionals, 1, 'thumbprint');
    const path = positionals[0];
    if (path === undefined) throw usageError('thumbprint needs a key file: jwtkit thumbprint public.jwk.json');
    const hash = (values.hash ?? 'SHA-256') as Hash;
    const file = await readKeyFile(path);
    const jwks: Jwk[] = file.kind === 'set' ? file.set.keys : [await jwkOf(file, path)];
    const thumbprints = [];
    for (const jwk of jwks) {
      thumbprints.push({ kid: jwk.kid, kty: jwk.kty, thumbprint: await thumbprint(jwk, hash), uri: await thumbprintUri(jwk, hash) });
    }
    output.result({ thumbprints });
    for (const entry of thumbprints) {
      const print = values.uri ? entry.uri : entry.thumbprint;
      output.line(file.kind === 'set' ? `${print}  ${output.style.dim(`kid ${entry.kid ?? '(none)'}, ${entry.kty}`)}` : print);
    }
  },
});
