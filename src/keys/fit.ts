import { ALGORITHMS, type Alg, type KeyType } from '../algorithms.js';
import { type JweKeyParams, runtimeHas } from '../backend/index.js';
import { JwtAlgorithmError, JwtArgumentError, JwtKeyError } from '../errors.js';
import {
  ALL_KEY_ALGS,
  ECDH_CURVES,
  type EcdhCurve,
  type Enc,
  ENCRYPTIONS,
  KEY_ALGORITHMS,
  type KeyAlgSpec,
  type KeyManagementAlg,
  isEnc,
  isKeyManagementAlg,
} from '../jwe-algorithms.js';
import { isString } from '../util/options.js';
import { type Jwk, REQUIRED_MEMBERS, octSecret } from './jwk.js';

/**
 * Every rule that decides whether a key fits an alg lives here, and only here: key type, curve,
 * secret length, a JWK's `alg` pin, `use` and `key_ops`, a CryptoKey's algorithm and usages, a
 * Key's one alg, and minimum key sizes. Each key gets a `KeyProfile` once (the facts, no
 * decisions); `checkFit` decides, and says which error: ERR_JWT_ALGORITHM when a token's alg does
 * not fit the key's kind, ERR_KEY when the key is unusable or its own metadata forbids the use.
 *
 * Adding an alg family (JWE key management, ML-DSA) is adding rows: its specs to `SPECS`, the
 * operations its keys may do to `OPERATIONS` under its `use`, and, for a new key type, its
 * members to REQUIRED_MEMBERS (jwk.ts). A new kind of requirement (an exact key size) is one
 * optional field of `KeyNeeds` and one line in `fitsKind`.
 */

/** What a key may be used for (RFC 7517 §4.3 names): signature keys sign and verify, JWE keys encrypt and decrypt. */
export type KeyOperation = 'sign' | 'verify' | 'encrypt' | 'decrypt';

/** What an alg asks of a key; the JWS specs of algorithms.ts are these (their `use` is `sig`, the default). */
export interface KeyNeeds {
  readonly alg: string;
  readonly kty: KeyType;
  /** The WebCrypto algorithm name, which a CryptoKey must have been made for. */
  readonly name: string;
  readonly hash?: string;
  readonly curve?: string;
  /** Secrets: the fewest bytes (RFC 7518 §3.2). RSA: the fewest modulus bits (checkKeySize). */
  readonly minKeySize?: number;
  readonly use?: 'sig';
}

/** The facts about one key that the rules below read, gathered once per key. */
export interface KeyProfile {
  /** The key type; none for a CryptoKey, whose algorithm `name` says more. */
  readonly kty?: KeyType;
  /** EC and OKP keys: the curve. */
  readonly crv?: string;
  readonly type: 'secret' | 'public' | 'private';
  /** Secrets: their length in bytes (a CryptoKey's is known only once imported: see checkKeySize). */
  readonly size?: number;
  /** A CryptoKey: the WebCrypto algorithm (and hash) it was made for. */
  readonly name?: string;
  readonly hash?: string;
  /** A Key: the one alg it was imported or generated for. */
  readonly made?: string;
  /** A JWK: its `alg` (RFC 7517 §4.4), `use` (§4.2) and `kid` (§4.5). */
  readonly alg?: string;
  readonly use?: string;
  readonly kid?: string;
  /** What the key declares it may do: a JWK's `key_ops`, a CryptoKey's usages, a Key's operations. */
  readonly ops?: readonly string[];
}

/** Every alg a key can be checked against, in table order. JWE key-management specs join this list. */
const SPECS: readonly KeyNeeds[] = /* @__PURE__ */ Object.values(ALGORITHMS);

/** What each type of key may do, per use: secrets both sides, private keys sign, public keys verify. */
const OPERATIONS: Readonly<Record<'sig', Readonly<Record<KeyProfile['type'], readonly KeyOperation[]>>>> = {
  sig: { secret: ['sign', 'verify'], private: ['sign'], public: ['verify'] },
};

/**
 * True when a key pinned to `pinned` (a JWK's `alg`, the alg a Key was made for) may do `spec`:
 * that alg only, except that `EdDSA` (RFC 8037) and `Ed25519` (RFC 9864) name the same signature
 * on an Ed25519 key, so a key pinned to either name does both. An unpinned key: any alg.
 */
function pinFits(pinned: string | undefined, spec: KeyNeeds): boolean {
  return pinned === undefined || pinned === spec.alg || (spec.name === 'Ed25519' && ['EdDSA', 'Ed25519'].includes(pinned));
}

/**
 * True when a key of this kind can do `spec` at all: its type (a CryptoKey: the WebCrypto algorithm
 * and hash it was made for; ECDSA and Ed25519 ones have no hash), curve, length, and (a Key) its alg (pinFits).
 */
function fitsKind(profile: KeyProfile, spec: KeyNeeds): boolean {
  return (
    (profile.name === undefined ? spec.kty === profile.kty : profile.name === spec.name && (profile.hash ?? spec.hash) === spec.hash) &&
    (spec.curve === undefined || spec.curve === profile.crv) &&
    (profile.size === undefined || profile.size >= spec.minKeySize!) &&
    pinFits(profile.made, spec)
  );
}

/** Why `profile` cannot do `spec` (for `operation`, when given; else for any operation of its use), or undefined when it can. */
function misfit(profile: KeyProfile, spec: KeyNeeds, operation?: KeyOperation): string | undefined {
  const { alg, use = 'sig' } = spec;
  const { type, ops } = profile;
  // The key's kind, or a JWK's `alg` and `use` (whose values stay out of messages: a JWK may come from a remote key set).
  if (!fitsKind(profile, spec) || !pinFits(profile.alg, spec) || (profile.use ?? use) !== use) return `alg ${alg} does not fit this key`;
  const byType = OPERATIONS[use][type];
  const allowed = (op: KeyOperation) => byType.includes(op) && (!ops || ops.includes(op));
  // By its type (a public key cannot sign) or by what it declares (key_ops, usages).
  if (operation ? !allowed(operation) : !byType.some(allowed)) return `a ${type} key may not ${operation ?? byType[0]}`;
  return undefined;
}

/**
 * Throws unless `profile` can do `spec` (and `operation`, when given). A key of the wrong kind for
 * an alg a token chose (verify; JWE's decrypt joins it) is the token's fault: ERR_JWT_ALGORITHM.
 * Everything else is ERR_KEY: the wrong kind for an alg the caller chose (sign, importKey), a JWK
 * whose `alg`, `use` or `key_ops` forbid it, a public key asked to sign, a private key to verify.
 */
export function checkFit(profile: KeyProfile, spec: KeyNeeds, operation?: KeyOperation): void {
  const problem = misfit(profile, spec, operation);
  if (problem) throw new (operation === 'verify' && !fitsKind(profile, spec) ? JwtAlgorithmError : JwtKeyError)(problem);
}

/** True when `profile` can do `spec` (and `operation`, when given): `checkFit` would not throw. */
export function fits(profile: KeyProfile, spec: KeyNeeds, operation?: KeyOperation): boolean {
  return !misfit(profile, spec, operation);
}

/** True when `profile` can do `operation` with some alg: e.g. a JWK set keeps only keys that can verify. */
export function canDo(profile: KeyProfile, operation: KeyOperation): boolean {
  return SPECS.some((spec) => fits(profile, spec, operation));
}

/**
 * The alg to sign with when the caller names none: a JWK's pinned `alg` (its profile checked that
 * it fits the key), else the first of the key's kind in table order (HS256, RS256, ES256, …).
 * Whether the key may sign is checked with that alg.
 */
export function defaultAlg(profile: KeyProfile): Alg {
  return (profile.alg ?? SPECS.find((spec) => fitsKind(profile, spec))!.alg) as Alg;
}

/** What a Key made for `spec` may do: by its type, narrowed by what its material declared (checkFit refused none). */
export function operationsFor(profile: KeyProfile, spec: KeyNeeds): KeyOperation[] {
  return OPERATIONS[spec.use ?? 'sig'][profile.type].filter((op) => fits(profile, spec, op));
}

/**
 * Everything a key of `type` may do with `spec`: what a generated key may do, and the WebCrypto
 * usages a key is imported with (the backend takes them as data; a Key narrows them by key_ops).
 */
export function typeOperations(type: KeyProfile['type'], spec: KeyNeeds): readonly KeyOperation[] {
  return OPERATIONS[spec.use ?? 'sig'][type];
}

/** What a freshly generated key of `type` may do with `spec`: everything its type can. */
export const generatedOperations = typeOperations;

/**
 * The size a backend reports once the key is imported: RSA moduli of at least 2048 bits (RFC 7518
 * §3.3), HMAC keys at least as long as the hash (§3.2; secrets were measured in their profile).
 * EC and OKP keys have no minimum (0); a backend that cannot tell a key's size reports no bits (no check).
 */
export function checkKeySize({ alg, kty, minKeySize = 0 }: KeyNeeds, bits = Infinity): void {
  const minBits = kty === 'oct' ? minKeySize * 8 : minKeySize;
  if (bits < minBits) throw new JwtKeyError(`${alg} needs a key of ${minBits}+ bits`);
}

/**
 * An ML-DSA (AKP) key on a runtime without ML-DSA (Node before 24.7, most browsers today) is no
 * key here: ERR_KEY saying so, and a JWK set skips it.
 */
function available(profile: KeyProfile): KeyProfile {
  if (profile.kty === 'AKP' && !runtimeHas(profile.crv!)) throw new JwtKeyError(`this runtime has no ${profile.crv}`);
  return profile;
}

/** A profile that can do no alg at all is no key: ERR_KEY, whatever the alg asked for. */
function usable(profile: KeyProfile, problem = 'unusable key'): KeyProfile {
  if (!SPECS.some((spec) => fitsKind(profile, spec))) throw new JwtKeyError(problem);
  return profile;
}

/** An HMAC secret's profile; shorter than the shortest HS alg allows (HS256: 32 bytes, RFC 7518 §3.2), it is no key at all. */
export function secretProfile(bytes: Uint8Array, metadata?: Partial<KeyProfile>): KeyProfile {
  checkKeySize(ALGORITHMS.HS256, bytes.length * 8);
  return { ...metadata, kty: 'oct', type: 'secret', size: bytes.length };
}

/** A PEM/DER key's profile: type and curve from its algorithm identifier (asn1.ts reads only supported ones); PKCS#8 is private. */
export function derProfile(format: 'spki' | 'pkcs8', [kty, crv]: [KeyType, string?]): KeyProfile {
  return available({ kty, crv, type: format === 'spki' ? 'public' : 'private' });
}

/** A CryptoKey's profile: WebCrypto bound its algorithm, hash, curve and usages at import. */
export function cryptoKeyProfile({ algorithm, type, usages }: CryptoKey): KeyProfile {
  const { name, hash, namedCurve } = algorithm as KeyAlgorithm & { hash?: { name: string }; namedCurve?: string };
  // No kty: the algorithm name says more (fitsKind). Ed25519 names its curve in its name; RSA and
  // HMAC algs have no curve, so theirs is never read.
  return usable({ crv: namedCurve ?? name, type, name, hash: hash?.name, ops: usages });
}

/** A Key's profile: made for one alg, with the operations it was given. */
export function keyProfile({ alg, type, operations }: { alg: string; type: KeyProfile['type']; operations: readonly KeyOperation[] }): KeyProfile {
  // A Key made for a JWE alg has no row here, so it fits no JWS alg: no key for sign or verify (ERR_KEY).
  const { kty, curve } = ALGORITHMS[alg as Alg] ?? {};
  return usable({ kty, crv: curve, type, made: alg, ops: operations });
}

/**
 * A JWK's profile. Its members must have their registered types (RFC 7517 §4: `kid`, `use`, `alg`
 * strings, `key_ops` an array of strings), its kty and curve be supported, and a pinned `alg` be one
 * its key can do. Anything else is not a key: ERR_KEY, whatever the alg asked for. (Its key members
 * are the backend's to parse; `hasKeyMembers` checks them where a key is skipped rather than refused.)
 */
export function jwkProfile(jwk: Jwk): KeyProfile {
  const { kty, crv, alg, use, kid, key_ops: ops } = jwk;
  if (![kid, use, alg].every((value) => value === undefined || isString(value)) || (ops !== undefined && !(Array.isArray(ops) && ops.every(isString)))) {
    throw new JwtKeyError('unusable key');
  }
  const metadata = { alg, use, kid, ops };
  // An AKP (ML-DSA) key's parameter set is its `alg`, which stands where a curve would; its private part is `priv`.
  const asymmetric = {
    ...metadata,
    kty: kty as KeyType,
    crv: kty === 'AKP' ? alg : crv,
    type: (jwk.d ?? jwk.priv) === undefined ? 'public' : 'private',
  } as const;
  const profile = kty === 'oct' ? secretProfile(octSecret(jwk), metadata) : available(usable(asymmetric));
  // The pin must be an alg of the key's kind: checked as if the key were made for it.
  if (alg !== undefined) usable({ ...profile, made: alg });
  return profile;
}

/** True when the JWK has every member its key type requires, as strings (RFC 7638 §3.2, RFC 8037 §2). */
export function hasKeyMembers(jwk: Jwk): boolean {
  return Object.hasOwn(REQUIRED_MEMBERS, jwk.kty) && REQUIRED_MEMBERS[jwk.kty as KeyType].every((name) => isString(jwk[name]));
}

/*
 * JWE keys (RFC 7518 §4): the same profile, checked against the key-management table
 * (jwe-algorithms.ts) by functions of their own, so a bundle that only signs and verifies leaves
 * every JWE rule out. The rules: the key type and curve decide the algs (a secret by its length,
 * exactly); a JWK's `alg` pins one (an enc name pins `dir` with that enc, RFC 7520 §5.6); a JWK with
 * `use: "sig"` never encrypts or decrypts; `key_ops` / CryptoKey usages narrow what it may do;
 * encrypting takes a public key, decrypting the private one; RSA keys have at least 2048 bits.
 * ECDH keys have kty `EC` here whatever their curve (X25519 included): the family KEY_ALGORITHMS binds.
 */

export type JweOperation = 'encrypt' | 'decrypt';

/** key_ops (RFC 7517 §4.3) that allow each JWE operation. */
const JWE_KEY_OPS: Readonly<Record<JweOperation, readonly string[]>> = {
  encrypt: ['encrypt', 'wrapKey', 'deriveKey', 'deriveBits'],
  decrypt: ['decrypt', 'unwrapKey', 'deriveKey', 'deriveBits'],
};

/** The WebCrypto usages a JWE key pair is imported (or generated) with: RSA-OAEP encrypts to the public key, ECDH derives with the private one. */
const JWE_USAGES = {
  'RSA-OAEP': { public: ['encrypt'], private: ['decrypt'] },
  ECDH: { public: [], private: ['deriveBits'] },
} as const;

/** What a JWE key of `type` is imported with for the key-management family `name` (the backend takes these as data). */
export function jweUsages(name: 'RSA-OAEP' | 'ECDH', type: 'public' | 'private'): readonly KeyUsage[] {
  return JWE_USAGES[name][type];
}

function ecdhCurve(crv: unknown): EcdhCurve {
  if (ECDH_CURVES.includes(crv as EcdhCurve)) return crv as EcdhCurve;
  throw new JwtKeyError('JWE keys on curves are P-256, P-384, P-521 or X25519');
}

/** A JWE secret's profile (a password, a KEK or a CEK: which algs its length fits is decided per alg). */
export function jweSecretProfile(bytes: Uint8Array, metadata?: Partial<KeyProfile>): KeyProfile {
  if (bytes.length === 0) throw new JwtKeyError('a JWE secret cannot be empty');
  return { ...metadata, kty: 'oct', type: 'secret', size: bytes.length };
}

/** A PEM/DER key's JWE profile: RSA, or EC / X25519 on an ECDH curve; signing-only key types are refused. */
export function jweDerProfile(format: 'spki' | 'pkcs8', [kty, crv]: [KeyType, string?]): KeyProfile {
  if (kty === 'AKP' || (kty === 'OKP' && crv !== 'X25519')) throw new JwtKeyError('a signing key (Ed25519, ML-DSA); JWE takes RSA, EC or X25519 keys');
  return { kty: kty === 'RSA' ? 'RSA' : 'EC', crv: kty === 'RSA' ? undefined : ecdhCurve(crv), type: format === 'spki' ? 'public' : 'private' };
}

/** A JWK's JWE profile: `use` must be `enc` when present, `key_ops` an array of strings, the key oct, RSA, EC or OKP X25519. */
export function jweJwkProfile(jwk: Jwk): KeyProfile {
  // JWK member values stay out of messages: a JWK may come from a remote key set.
  if (jwk.use !== undefined && jwk.use !== 'enc') throw new JwtKeyError('JWK "use" is not "enc": a signing key never encrypts');
  const ops = jwk.key_ops;
  if (ops !== undefined && !(Array.isArray(ops) && ops.every(isString))) throw new JwtKeyError('JWK key_ops must be an array of strings');
  const metadata = { alg: jwk.alg, ops, kid: isString(jwk.kid) ? jwk.kid : undefined };
  if (jwk.kty === 'oct') return jweSecretProfile(octSecret(jwk), metadata);
  const type = jwk.d === undefined ? 'public' : 'private';
  if (jwk.kty === 'RSA') return { ...metadata, kty: 'RSA', type };
  if (jwk.kty === 'EC' || (jwk.kty === 'OKP' && jwk.crv === 'X25519')) return { ...metadata, kty: 'EC', type, crv: ecdhCurve(jwk.crv) };
  throw new JwtKeyError('JWE keys are oct, RSA, EC or OKP X25519 JWKs');
}

/** A CryptoKey's JWE profile: RSA-OAEP (bound to the alg of its hash), ECDH or X25519; its usages narrow what it may do. */
export function jweCryptoKeyProfile({ algorithm, type, usages }: CryptoKey): KeyProfile {
  const { name, hash, namedCurve } = algorithm as KeyAlgorithm & { hash?: { name: string }; namedCurve?: string };
  // Only the usages the backend calls WebCrypto with count (jweUsages): an RSA-OAEP key that may only
  // unwrapKey, or an ECDH key that may only deriveKey, can do no JWE alg here.
  const ops = (family: 'RSA-OAEP' | 'ECDH') => usages.filter((usage) => jweUsages(family, type as 'public' | 'private').includes(usage));
  if (name === 'RSA-OAEP') return { type, ops: ops(name), kty: 'RSA', made: hash?.name === 'SHA-1' ? 'RSA-OAEP' : `RSA-OAEP-${hash?.name.slice(4)}` };
  // WebCrypto gives an ECDH public key no usages, so its empty list is no restriction (a JWK's empty key_ops is).
  if (name === 'ECDH' || name === 'X25519')
    return { type, kty: 'EC', crv: ecdhCurve(namedCurve ?? 'X25519'), ops: type === 'public' ? undefined : ops('ECDH') };
  throw new JwtKeyError('a CryptoKey for JWE is RSA-OAEP, ECDH or X25519; pass a secret as bytes');
}

/** The one alg a key is for: a JWK's `alg`, or what a CryptoKey or Key was made for. */
function jwePin(profile: KeyProfile): string | undefined {
  return profile.alg ?? profile.made;
}

/** A pin that names an enc: the secret is a CEK, for `dir` with that enc only. */
function pinnedEnc(profile: KeyProfile): Enc | undefined {
  const pin = jwePin(profile);
  return isEnc(pin) ? pin : undefined;
}

/** True when a key of this type could do `spec` at all (length checks come later, in checkJweFit). */
function jweTypeFits(profile: KeyProfile, spec: KeyAlgSpec): boolean {
  const pinned = pinnedEnc(profile) === undefined ? jwePin(profile) : 'dir';
  return profile.kty === spec.kty && (pinned === undefined || pinned === spec.alg);
}

/** Whether a secret has the exact length `spec` needs (`enc` for dir; PBES2 takes any password). */
function secretFits(profile: KeyProfile, spec: KeyAlgSpec, enc: Enc | undefined): boolean {
  if (spec.family === 'pbes2') return true;
  const needed = spec.family === 'dir' ? (enc === undefined ? undefined : ENCRYPTIONS[enc].cekLength) : spec.kekLength;
  return needed === undefined ? Object.values(ENCRYPTIONS).some((e) => e.cekLength === profile.size) : profile.size === needed;
}

/** The key-management algs this key can do; PBES2 only when `withPbes2` (it is never a default). */
export function jweAlgsOf(profile: KeyProfile, withPbes2: boolean): KeyManagementAlg[] {
  return ALL_KEY_ALGS.filter((alg) => {
    const spec = KEY_ALGORITHMS[alg];
    if (!jweTypeFits(profile, spec) || (spec.family === 'pbes2' && !withPbes2)) return false;
    return profile.kty !== 'oct' || secretFits(profile, spec, undefined);
  });
}

/** The encs this key can do with `alg`: for dir the one whose CEK is the secret's length, else all (a pinned enc: that one). */
export function jweEncsFor(profile: KeyProfile, alg: KeyManagementAlg): Enc[] {
  const all = Object.keys(ENCRYPTIONS).filter((enc) => pinnedEnc(profile) === undefined || pinnedEnc(profile) === enc) as Enc[];
  return alg === 'dir' ? all.filter((enc) => ENCRYPTIONS[enc].cekLength === profile.size) : all;
}

/** Whether a key's declared ops (a JWK's key_ops, a CryptoKey's usages) allow `operation`; none declared allow everything. */
function opsAllow(ops: readonly string[] | undefined, operation: JweOperation): boolean {
  return ops === undefined || ops.some((op) => JWE_KEY_OPS[operation].includes(op));
}

/**
 * Throws unless this key may do `operation` with `spec` (and `enc`, for dir): ERR_JWT_ALGORITHM
 * for another key type when decrypting (the token's alg), ERR_KEY for it when encrypting (the
 * caller's alg) and for a pinned alg, a length, a direction or key_ops that do not fit. Without an
 * operation (importKey: the caller's alg), only the key's kind, pin and length are checked.
 */
export function checkJweFit(profile: KeyProfile, spec: KeyAlgSpec, enc: Enc | undefined, operation?: JweOperation): void {
  const pin = jwePin(profile);
  // As checkFit: another key type for a token's alg (decrypt) is the token's fault, for the caller's alg (encrypt) the caller's.
  if (profile.kty !== spec.kty) throw new (operation === 'decrypt' ? JwtAlgorithmError : JwtKeyError)(`alg ${spec.alg} is not one this key can do`);
  // The pin's value stays out of messages: a JWK may come from a remote key set. As in checkFit, a
  // token's alg or enc that a Key (or a CryptoKey's hash) was not made for is the token's fault;
  // a JWK's `alg` forbidding it is the key's (ERR_KEY), as verify says for a JWK.
  const pinError = operation === 'decrypt' && profile.made !== undefined ? JwtAlgorithmError : JwtKeyError;
  if (pin !== undefined && !jweTypeFits(profile, spec)) throw new pinError(`this key is pinned to another alg than ${spec.alg}`);
  if (pinnedEnc(profile) !== undefined && pinnedEnc(profile) !== enc) throw new pinError(`this key is pinned to another enc than ${enc}`);
  if (profile.kty === 'oct' && !secretFits(profile, spec, enc)) {
    const length = spec.alg === 'dir' ? ENCRYPTIONS[enc!].cekLength : spec.kekLength;
    // A length the token's alg or enc asks for (decrypt) is the token's fault, as an HS512 token for a 32-byte secret is verify's.
    const problem = `${spec.alg === 'dir' ? `dir with ${enc}` : spec.alg} needs a secret of exactly ${length} bytes`;
    throw new (operation === 'decrypt' ? JwtAlgorithmError : JwtKeyError)(problem);
  }
  // importKey: what the key may do is jweImportOperations' answer.
  if (operation === undefined) return;
  const { type, ops } = profile;
  if (type !== 'secret' && type !== (operation === 'encrypt' ? 'public' : 'private')) {
    throw new JwtKeyError(`this ${type} key may not ${operation}; pass the ${type === 'public' ? 'private' : 'public'} key`);
  }
  if (!opsAllow(ops, operation)) throw new JwtKeyError(`this key may not ${operation} (its key_ops or usages)`);
}

/** RFC 7518 §4.2/§4.3: RSA keys of 2048 bits or more, once the backend has told the key's size. */
export function checkJweKeySize(spec: KeyAlgSpec, bits: number | undefined): void {
  if (spec.family === 'rsa' && bits !== undefined && bits < 2048) throw new JwtKeyError(`${spec.alg} needs a key of at least 2048 bits`);
}

/** An alg a JWE key is made for: a key-management alg, or an enc for a `dir` secret (as jose's generateSecret takes). */
export type JweKeyAlg = KeyManagementAlg | Enc;

/** What a generated JWE key may do: secrets both, public keys encrypt, private keys decrypt. */
const JWE_OPERATIONS: Readonly<Record<KeyProfile['type'], readonly KeyOperation[]>> = {
  secret: ['encrypt', 'decrypt'],
  public: ['encrypt'],
  private: ['decrypt'],
};

/** What a freshly generated JWE key of `type` may do. */
export function jweGeneratedOperations(type: KeyProfile['type']): readonly KeyOperation[] {
  return JWE_OPERATIONS[type];
}

/**
 * importKey's check for a JWE alg: the key fits `spec` (and `enc`, for dir) as checkJweFit says, and
 * may do something with it. Returns what it may do: what its type does (as generated), narrowed by
 * key_ops or usages. Apart from checkJweFit, so encrypt and decrypt bundles leave it out.
 */
export function jweImportOperations(profile: KeyProfile, spec: KeyAlgSpec, enc: Enc | undefined): KeyOperation[] {
  checkJweFit(profile, spec, enc);
  const operations = JWE_OPERATIONS[profile.type].filter((op) => opsAllow(profile.ops, op as JweOperation));
  if (operations.length === 0) throw new JwtKeyError('this key may neither encrypt nor decrypt (its key_ops or usages)');
  return operations;
}

/**
 * The key-management alg (and enc) a Key made for `alg` does: an enc names `dir` with that enc.
 * `dir` alone names no key (its length follows enc): ERR_INVALID_ARGUMENT.
 */
export function jweSpecOf(alg: JweKeyAlg): { spec: KeyAlgSpec; enc?: Enc } {
  if (isEnc(alg)) return { spec: KEY_ALGORITHMS.dir, enc: alg };
  if (alg === 'dir') {
    throw new JwtArgumentError("dir's key length follows enc: name the enc instead, e.g. generateSecret('A256GCM') or importKey(secret, 'A256GCM')");
  }
  return { spec: KEY_ALGORITHMS[alg] };
}

/**
 * The length of a secret generated for `alg`: an enc's CEK (for `dir` with it), a KW or GCMKW key
 * its KEK. `dir` alone does not say (jweSpecOf), and PBES2 takes a password, which is the
 * caller's: both are ERR_INVALID_ARGUMENT, as an alg that takes a key pair.
 */
export function jweSecretLength(alg: JweKeyAlg): number {
  const { spec, enc } = jweSpecOf(alg);
  if (enc !== undefined) return ENCRYPTIONS[enc].cekLength;
  const { family, kekLength } = spec;
  if (family === 'aeskw' || family === 'gcmkw') return kekLength!;
  throw new JwtArgumentError(
    family === 'pbes2'
      ? `${alg} takes a password, which jwtkit does not generate: pass your own (a long random string) as the key`
      : `${alg} uses a key pair: call generateKeyPair`,
  );
}

/** The key pair `alg` takes: RSA-OAEP with its hash, or ECDH on `crv` (default P-256, as jose's). */
export function jweKeyPairParams(alg: KeyManagementAlg, crv: unknown): JweKeyParams {
  const { family, hash } = KEY_ALGORITHMS[alg];
  if (family !== 'ecdh' && crv !== undefined) throw new JwtArgumentError(`crv is for ECDH-ES algs; ${alg} has no curve to pick`);
  if (family === 'rsa') return { name: 'RSA-OAEP', hash: hash! };
  if (family !== 'ecdh') throw new JwtArgumentError(`${alg} uses a secret: call generateSecret`);
  if (crv !== undefined && !ECDH_CURVES.includes(crv as EcdhCurve)) throw new JwtArgumentError('crv must be "P-256", "P-384", "P-521" or "X25519"');
  return { name: 'ECDH', curve: (crv ?? 'P-256') as EcdhCurve };
}

/** The JWE profile of a Key made for a JWE alg: its kind from the table, its curve or secret length from the key itself. */
export function jweKeyProfile(
  { alg, type, operations, kid }: { alg: string; type: KeyProfile['type']; operations: readonly KeyOperation[]; kid?: string },
  { crv, secret }: { crv?: EcdhCurve; secret?: Uint8Array },
): KeyProfile {
  // Not the JWS table: reading it would keep it in bundles that only decrypt.
  if (!isEnc(alg) && !isKeyManagementAlg(alg))
    throw new JwtKeyError(`this Key is for ${alg}, a signature alg: JWE takes a key generated for a JWE alg, or key material`);
  return { kty: isEnc(alg) ? 'oct' : KEY_ALGORITHMS[alg].kty, crv, type, size: secret?.length, made: alg, ops: operations, kid };
}
