import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { decodeBytes, decodeString, encodeBytes, encodeString, utf8Decode, utf8Encode } from '../../src/util/base64url.js';
import { expectCode } from '../helpers.js';

const nodeEncode = (bytes: Uint8Array): string => Buffer.from(bytes).toString('base64url');

describe('encodeBytes / decodeBytes', () => {
  it('round-trips random bytes of every length 0..100 and matches Node base64url', () => {
    for (let length = 0; length <= 100; length++) {
      const bytes = new Uint8Array(randomBytes(length));
      const encoded = encodeBytes(bytes);
      expect(encoded, `length ${length}`).toBe(nodeEncode(bytes));
      expect(encoded).toMatch(/^[A-Za-z0-9_-]*$/);
      expect(decodeBytes(encoded), `length ${length}`).toEqual(bytes);
      // Node's decoder agrees on what our encoding means.
      expect(new Uint8Array(Buffer.from(encoded, 'base64url'))).toEqual(bytes);
    }
  });

  it('decodes Node-encoded base64url of every length 0..100', () => {
    for (let length = 0; length <= 100; length++) {
      const bytes = new Uint8Array(randomBytes(length));
      expect(decodeBytes(nodeEncode(bytes)), `length ${length}`).toEqual(bytes);
    }
  });

  it('uses the URL-safe alphabet (- and _) for values 62 and 63', () => {
    const bytes = new Uint8Array([0xfb, 0xff, 0xbf]);
    expect(encodeBytes(bytes)).toBe('-_-_');
    expect(decodeBytes('-_-_')).toEqual(bytes);
  });

  it('encodes the empty byte string as the empty string and back', () => {
    expect(encodeBytes(new Uint8Array(0))).toBe('');
    expect(decodeBytes('')).toEqual(new Uint8Array(0));
  });

  it('returns a plain Uint8Array', () => {
    expect(decodeBytes('QQ')).toBeInstanceOf(Uint8Array);
  });
});

describe('decodeBytes rejects every non-canonical spelling with ERR_JWT_MALFORMED', () => {
  it('rejects padding', async () => {
    await expectCode(() => decodeBytes('QQ=='), 'ERR_JWT_MALFORMED');
    await expectCode(() => decodeBytes('QUI='), 'ERR_JWT_MALFORMED');
    await expectCode(() => decodeBytes('QQ='), 'ERR_JWT_MALFORMED');
    await expectCode(() => decodeBytes('===='), 'ERR_JWT_MALFORMED');
  });

  it('rejects the standard-alphabet characters + and /', async () => {
    // '+/+/' is standard base64 for the same bytes as '-_-_'.
    await expectCode(() => decodeBytes('+/+/'), 'ERR_JWT_MALFORMED');
    await expectCode(() => decodeBytes('AA+A'), 'ERR_JWT_MALFORMED');
    await expectCode(() => decodeBytes('AA/A'), 'ERR_JWT_MALFORMED');
  });

  it('rejects whitespace and newlines anywhere', async () => {
    // Lengths chosen so that only the whitespace, not the length, makes them invalid.
    for (const text of ['QU J', 'QUJ\n', '\nQUJ', 'Q\r\nJ', 'QUJ ', ' QUJ', 'QU\tJ', 'QUJDQUJ\n', 'QUJD\r\nQUJD', 'QUJD\fQU', 'QUJD\vQ']) {
      await expectCode(() => decodeBytes(text), 'ERR_JWT_MALFORMED');
    }
  });

  it('rejects a length of 4n+1', async () => {
    for (const text of ['A', 'AAAAA', 'QUJDQ', 'QUJDQUJDQ']) {
      await expectCode(() => decodeBytes(text), 'ERR_JWT_MALFORMED');
    }
  });

  it('rejects non-ASCII characters, including look-alikes of the alphabet', async () => {
    // 'é', a full-width 'Ａ', a Cyrillic 'А', a non-breaking space and an emoji (a surrogate pair).
    for (const text of ['QUé', 'QUJ\uff21', 'QUJ\u0410', 'QU\u00a0J', 'QU\u{1f600}']) {
      await expectCode(() => decodeBytes(text), 'ERR_JWT_MALFORMED');
    }
  });

  it('rejects other ASCII punctuation and control characters', async () => {
    for (const text of ['QU.D', 'QU*D', 'QU%D', 'QU\0D', 'QU$D', 'QU~D']) {
      await expectCode(() => decodeBytes(text), 'ERR_JWT_MALFORMED');
    }
  });

  it('rejects non-zero trailing bits for a 1-byte remainder (QR is not QQ)', async () => {
    expect(decodeBytes('QQ')).toEqual(new Uint8Array([0x41]));
    // 'Q' = 010000; the second character may only contribute its top 2 bits, the low 4 must be 0.
    for (const second of 'RSTUVWXYZabcdef') {
      await expectCode(() => decodeBytes(`Q${second}`), 'ERR_JWT_MALFORMED');
    }
    await expectCode(() => decodeBytes('QUJDQR'), 'ERR_JWT_MALFORMED');
  });

  it('rejects non-zero trailing bits for a 2-byte remainder (QUI is canonical, QUJ/QUK/QUL are not)', async () => {
    expect(decodeBytes('QUI')).toEqual(new Uint8Array([0x41, 0x42]));
    for (const text of ['QUJ', 'QUK', 'QUL', 'QUJDQUJ', '__9', '__-', '___']) {
      await expectCode(() => decodeBytes(text), 'ERR_JWT_MALFORMED');
    }
    expect(decodeBytes('__8')).toEqual(new Uint8Array([0xff, 0xff]));
  });

  it('accepts exactly one spelling for every 1- and 2-byte value', () => {
    // Every accepted 2- or 3-character string is the canonical encoding of what it decodes to,
    // and exactly 256 (resp. 65,536) of them are accepted: one per byte string.
    const alphabet = [...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'];
    const accepted = (texts: string[]): number => {
      let count = 0;
      for (const text of texts) {
        let decoded: Uint8Array;
        try {
          decoded = decodeBytes(text);
        } catch {
          continue;
        }
        count++;
        if (encodeBytes(decoded) !== text) expect.fail(`${text} decoded to a value whose encoding is ${encodeBytes(decoded)}`);
      }
      return count;
    };
    const pairs = alphabet.flatMap((a) => alphabet.map((b) => a + b));
    expect(accepted(pairs)).toBe(256);
    expect(accepted(pairs.flatMap((ab) => alphabet.map((c) => ab + c)))).toBe(65_536);
  });
});

describe('encodeString / decodeString', () => {
  it('round-trips UTF-8 text, including non-ASCII and astral characters', () => {
    for (const text of ['', 'hello', '{"sub":"1234567890"}', 'Grüße, 世界', '\u{1f511} key', '\u0000\u007f\u0080\u07ff\u0800\uffff']) {
      const encoded = encodeString(text);
      expect(encoded).toBe(Buffer.from(text, 'utf8').toString('base64url'));
      expect(decodeString(encoded)).toBe(text);
    }
  });

  it('round-trips text that starts with U+FEFF (a leading BOM is content, not stripped)', () => {
    const text = '\ufeff{"a":1}';
    expect(decodeString(encodeString(text))).toBe(text);
  });

  it('rejects invalid UTF-8 with ERR_JWT_MALFORMED (never U+FFFD)', async () => {
    const invalid = [
      [0xff], // never valid
      [0xc3], // truncated 2-byte sequence
      [0x41, 0x80], // lone continuation byte
      [0xc0, 0xaf], // overlong '/'
      [0xe0, 0x80, 0xaf], // overlong 3-byte
      [0xed, 0xa0, 0x80], // UTF-16 surrogate encoded in UTF-8
      [0xf4, 0x90, 0x80, 0x80], // beyond U+10FFFF
      [0xf0, 0x9f, 0x98], // truncated 4-byte sequence
    ];
    for (const bytes of invalid) {
      await expectCode(() => decodeString(encodeBytes(new Uint8Array(bytes))), 'ERR_JWT_MALFORMED');
    }
  });

  it('rejects malformed base64url with ERR_JWT_MALFORMED before decoding UTF-8', async () => {
    await expectCode(() => decodeString('aGk='), 'ERR_JWT_MALFORMED');
    await expectCode(() => decodeString('aG k'), 'ERR_JWT_MALFORMED');
  });
});

describe('utf8Encode / utf8Decode', () => {
  it('round-trips and rejects invalid UTF-8 with ERR_JWT_MALFORMED', async () => {
    expect(utf8Decode(utf8Encode('Grüße'))).toBe('Grüße');
    expect(utf8Encode('é')).toEqual(new Uint8Array([0xc3, 0xa9]));
    await expectCode(() => utf8Decode(new Uint8Array([0xc3, 0x28])), 'ERR_JWT_MALFORMED');
  });
});
