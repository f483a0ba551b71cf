/**
 * The RFC vector files next to this module, loaded unchanged, and the test for a compact JWS
 * vector: shared by rfc-vectors.test.ts and the runtime matrix's fixtures (runtimes/fixtures.ts).
 */
import { readFileSync } from 'node:fs';
import type { Jwk } from '../../src/index.js';

export interface VectorKey {
  kty: string;
  public_jwk?: Jwk;
  private_jwk?: Jwk | null;
  secret_jwk?: Jwk;
}

export interface Vector {
  id: string;
  type: string;
  serialization?: string;
  alg?: string | string[];
  key?: VectorKey | null;
  /** One key per signature (`for: "signatures[i]"`), when each has its own. */
  keys?: (VectorKey & { for: string; alg: string; kid?: string })[];
  token?: unknown;
  detached_payload?: string;
  detached_payload_b64u?: string;
  expected: {
    protected_header?: Record<string, unknown>;
    protected_header_raw?: string;
    unprotected_header?: Record<string, unknown>;
    signatures?: { protected_header?: Record<string, unknown>; protected_header_raw?: string; unprotected_header?: Record<string, unknown> }[];
    payload?: string;
    payload_json?: Record<string, unknown>;
  };
  jwt?: { exp: number; verify_at: number };
  expectations: { verify?: boolean; reproducible?: boolean | string; reject_by_default?: boolean };
}

/** A compact JWS vector: the fields this file relies on, checked by `isCompactJws`. */
export interface CompactVector extends Vector {
  alg: string;
  token: string;
  expected: Vector['expected'] & { protected_header: Record<string, unknown>; protected_header_raw: string; payload: string };
}

function load(file: string): Vector[] {
  const parsed = JSON.parse(readFileSync(new URL(`./${file}`, import.meta.url), 'utf8')) as { vectors: Vector[] };
  return parsed.vectors;
}

export const rfc7515 = load('rfc7515.json');
const rfc7519 = load('rfc7519.json');
const rfc7520 = load('rfc7520-jws.json');
export const rfc8037 = load('rfc8037.json');
export const ALL_VECTORS = [...rfc7515, ...rfc7519, ...rfc7520, ...rfc8037];
/** RFC 7797 §4 (`b64: false`), kept apart: a compact verifier without RFC 7797 cannot check them. */
export const rfc7797 = load('rfc7797.json');
/** Every JWE example (RFC 7516 App. A, RFC 7520 §5 and §6), for what reads a JWE's protected header. */
export const JWE_VECTORS = [...load('rfc7516.json'), ...load('rfc7520-jwe.json')];

export function isCompactJws(v: Vector): v is CompactVector {
  return (
    v.type === 'JWS' &&
    v.serialization === 'compact' &&
    typeof v.token === 'string' &&
    typeof v.alg === 'string' &&
    typeof v.expected.protected_header === 'object' &&
    typeof v.expected.protected_header_raw === 'string' &&
    typeof v.expected.payload === 'string'
  );
}

/** A compact JWE vector (RFC 7516 App. A, RFC 7520 §5–6): its key (private or secret JWK) and plaintext. */
export interface CompactJweVector {
  id: string;
  alg: string;
  enc: string;
  token: string;
  key: Jwk;
  plaintext: string;
  protectedHeader: Record<string, unknown>;
}

interface RawJweVector {
  id: string;
  type: string;
  serialization: string;
  alg: string | string[];
  enc: string;
  key: { private_jwk?: Jwk; secret_jwk?: Jwk } | null;
  token: unknown;
  expected: { plaintext?: string; protected_header: Record<string, unknown> };
}

/** The compact JWE vectors of rfc7516.json and rfc7520-jwe.json, RSA1_5 ones included (they must be refused). */
export const COMPACT_JWE_VECTORS: CompactJweVector[] = ['rfc7516.json', 'rfc7520-jwe.json']
  .flatMap((file) => (JSON.parse(readFileSync(new URL(`./${file}`, import.meta.url), 'utf8')) as { vectors: RawJweVector[] }).vectors)
  .filter((v) => v.type === 'JWE' && v.serialization === 'compact' && typeof v.token === 'string' && typeof v.alg === 'string')
  .map((v) => ({
    id: v.id,
    alg: v.alg as string,
    enc: v.enc,
    token: v.token as string,
    key: (v.key?.private_jwk ?? v.key?.secret_jwk)!,
    plaintext: v.expected.plaintext ?? '',
    protectedHeader: v.expected.protected_header,
  }));
