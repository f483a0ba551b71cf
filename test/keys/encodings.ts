import { type KeyObject, createPrivateKey, createPublicKey } from 'node:crypto';
import { pemPair } from '../helpers.js';

/** Key material in the encodings people meet besides the documented ones (issue 20): each must be refused as an HMAC secret. */

/** An SSH wire-format string (RFC 4251 §5): a 32-bit big-endian length, then the bytes. */
function sshString(bytes: Uint8Array | string): Buffer {
  const body = Buffer.from(bytes);
  const length = Buffer.alloc(4);
  length.writeUInt32BE(body.length);
  return Buffer.concat([length, body]);
}

/** An SSH mpint (RFC 4251 §5): big-endian, with a 0 byte first when the top bit is set. */
function sshMpint(base64url: string): Buffer {
  const bytes = Buffer.from(base64url, 'base64url');
  return sshString(bytes[0]! & 0x80 ? Buffer.concat([Buffer.from([0]), bytes]) : bytes);
}

/** The OpenSSH public-key line (`type base64-blob comment`) of an RSA, P-256 or Ed25519 public key. */
function openSshLine(publicKey: KeyObject): string {
  const jwk = publicKey.export({ format: 'jwk' });
  const blob =
    jwk.kty === 'RSA'
      ? Buffer.concat([sshString('ssh-rsa'), sshMpint(jwk.e!), sshMpint(jwk.n!)])
      : jwk.kty === 'EC'
        ? Buffer.concat([
            sshString('ecdsa-sha2-nistp256'),
            sshString('nistp256'),
            sshString(Buffer.concat([Buffer.from([4]), Buffer.from(jwk.x!, 'base64url'), Buffer.from(jwk.y!, 'base64url')])),
          ])
        : Buffer.concat([sshString('ssh-ed25519'), sshString(Buffer.from(jwk.x!, 'base64url'))]);
  return `${blob.subarray(4, 4 + blob.readUInt32BE(0)).toString()} ${blob.toString('base64')} user@host\n`;
}

/** The same PEM text as UTF-16 bytes: little- or big-endian, with or without a byte-order mark. */
function utf16(text: string, bigEndian: boolean, bom: boolean): Buffer {
  const bytes = Buffer.from(`${bom ? '\uFEFF' : ''}${text}`, 'utf16le');
  return bigEndian ? bytes.swap16() : bytes;
}

/** One public key (and its private key's DER) in every encoding key material is met in, none of them documented. */
export function keyEncodings(alg: 'RS256' | 'ES256' | 'EdDSA'): Array<[string, string | Uint8Array]> {
  const pair = pemPair(alg);
  const publicKey = createPublicKey(pair.publicKey);
  const jwk = publicKey.export({ format: 'jwk' });
  const spki = publicKey.export({ type: 'spki', format: 'der' });
  const pkcs8 = createPrivateKey(pair.privateKey).export({ type: 'pkcs8', format: 'der' });
  const sshLine = openSshLine(publicKey);
  const blob = sshLine.split(' ')[1]!;
  return [
    ['base64 DER without = padding', spki.toString('base64').replace(/=+$/, '')],
    ['base64 DER in lines, no armour', spki.toString('base64').replace(/.{1,64}/g, '$&\n')],
    ['base64url DER', spki.toString('base64url')],
    ['base64url PKCS#8 DER', pkcs8.toString('base64url')],
    ['hex DER', spki.toString('hex')],
    ['upper-case hex DER', spki.toString('hex').toUpperCase()],
    ['DER bytes and a newline', Buffer.concat([spki, Buffer.from('\n')])],
    ['DER bytes and a NUL', Buffer.concat([spki, Buffer.from([0])])],
    ['PKCS#8 DER bytes and CRLF', Buffer.concat([pkcs8, Buffer.from('\r\n')])],
    ['base64 of the PEM file (a Kubernetes secret)', Buffer.from(pair.publicKey).toString('base64')],
    ['PEM as UTF-16LE with a BOM', utf16(pair.publicKey, false, true)],
    ['PEM as UTF-16LE without a BOM', utf16(pair.publicKey, false, false)],
    ['PEM as UTF-16BE with a BOM', utf16(pair.publicKey, true, true)],
    ['PEM as UTF-16BE without a BOM', utf16(pair.publicKey, true, false)],
    ['PEM as UTF-16LE read as a UTF-8 string', utf16(pair.publicKey, false, true).toString('utf8')],
    ['PEM as UTF-16LE read as a Latin-1 string', utf16(pair.publicKey, false, true).toString('latin1')],
    ['JWK set as a JSON array text', JSON.stringify([jwk])],
    ['JWK set text', JSON.stringify({ keys: [jwk] }, null, 2)],
    ['JWK as JSON bytes in UTF-16LE', utf16(JSON.stringify(jwk), false, true)],
    ['JWK in UTF-16BE read as a UTF-8 string', utf16(JSON.stringify(jwk), true, true).toString('utf8')],
    ['PEM as a JSON string text', JSON.stringify(pair.publicKey)],
    ['OpenSSH public-key line', sshLine],
    ['OpenSSH line in authorized_keys with options', `from="10.0.0.1",no-pty ${sshLine}`],
    ['OpenSSH line as bytes', Buffer.from(sshLine)],
    ['OpenSSH blob, base64 alone', blob],
    [
      'RFC 4716 SSH2 public key file',
      `---- BEGIN SSH2 PUBLIC KEY ----\nComment: "user@host"\n${blob.replace(/.{1,70}/g, '$&\n')}---- END SSH2 PUBLIC KEY ----\n`,
    ],
  ];
}
