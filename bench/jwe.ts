/**
 * JWE rows of `npm run bench`: decrypting and encrypting a JWT with jwtkit (both builds) and jose,
 * for the four common setups. `--only dir+A256GCM,A256KW+A256GCM,ECDH-ES+A256KW,RSA-OAEP-256`
 * runs just these (names may be mixed with JWS algs). The targets (issue 12): the Node build at
 * least 1.5× jose, the WebCrypto build at least 1.0× jose.
 */
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import * as jose from 'jose';
import type * as Jwtkit from '../src/index.js';
import { type Op, type RaceSettings, type Row, race, table } from './race.js';

export const JWE_ROWS = ['dir+A256GCM', 'A256KW+A256GCM', 'ECDH-ES+A256KW', 'RSA-OAEP-256'] as const;
export type JweRow = (typeof JWE_ROWS)[number];

const PAYLOAD = { sub: '1234567890', name: 'John Doe', admin: true, iat: 1_700_000_000, exp: 4_000_000_000 };

/** The alg, enc and keys (JWKs or secret bytes) of one row. */
function setup(row: JweRow): { alg: Jwtkit.KeyManagementAlg; enc: Jwtkit.Enc; encryptKey: Jwtkit.Jwk | Uint8Array; decryptKey: Jwtkit.Jwk | Uint8Array } {
  const enc = 'A256GCM';
  if (row === 'dir+A256GCM' || row === 'A256KW+A256GCM') {
    const secret = new Uint8Array(randomBytes(32));
    return { alg: row === 'dir+A256GCM' ? 'dir' : 'A256KW', enc, encryptKey: secret, decryptKey: secret };
  }
  const pair = row === 'RSA-OAEP-256' ? generateKeyPairSync('rsa', { modulusLength: 2048 }) : generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  return {
    alg: row,
    enc,
    encryptKey: pair.publicKey.export({ format: 'jwk' }) as Jwtkit.Jwk,
    decryptKey: pair.privateKey.export({ format: 'jwk' }) as Jwtkit.Jwk,
  };
}

async function joseKey(key: Jwtkit.Jwk | Uint8Array, alg: string): Promise<CryptoKey | Uint8Array> {
  return key instanceof Uint8Array ? key : ((await jose.importJWK(key as jose.JWK, alg)) as CryptoKey);
}

export async function jweRows(rows: readonly JweRow[], node: typeof Jwtkit, web: typeof Jwtkit, settings: RaceSettings): Promise<Row[]> {
  const out: Row[] = [];
  for (const row of rows) {
    const { alg, enc, encryptKey, decryptKey } = setup(row);
    const joseEncryptKey = await joseKey(encryptKey, alg);
    const joseDecryptKey = await joseKey(decryptKey, alg);
    const token = await node.encrypt(PAYLOAD, encryptKey, { alg, enc, iat: false });
    const options = { algorithms: [alg], encryptions: [enc] };
    const decrypt: Record<string, Op> = {
      'jwtkit (node)': () => node.decrypt(token, decryptKey, options),
      'jwtkit (webcrypto)': () => web.decrypt(token, decryptKey, options),
      jose: () => jose.jwtDecrypt(token, joseDecryptKey, { keyManagementAlgorithms: [alg], contentEncryptionAlgorithms: [enc] }),
    };
    const encrypt: Record<string, Op> = {
      'jwtkit (node)': () => node.encrypt(PAYLOAD, encryptKey, { alg, enc, iat: false }),
      'jwtkit (webcrypto)': () => web.encrypt(PAYLOAD, encryptKey, { alg, enc, iat: false }),
      jose: () => new jose.EncryptJWT(PAYLOAD).setProtectedHeader({ alg, enc, typ: 'JWT' }).encrypt(joseEncryptKey),
    };
    out.push({ alg: row, op: 'decrypt', results: await race(decrypt, settings) });
    out.push({ alg: row, op: 'encrypt', results: await race(encrypt, settings) });
    process.stderr.write(`  ${row} done\n`);
  }
  return out;
}

/** The JWE table: the three contenders and the two ratios the targets are about. */
export function jweTable(rows: readonly Row[]): string {
  return table(
    rows,
    ['jwtkit (node)', 'jwtkit (webcrypto)', 'jose'],
    [
      ['node/jose', 'jwtkit (node)', 'jose'],
      ['web/jose', 'jwtkit (webcrypto)', 'jose'],
    ],
  );
}
