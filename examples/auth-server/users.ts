/**
 * The user directory: users and their password hashes, from a JSON file. Passwords are stored as
 * scrypt hashes with a per-user random salt and compared with timingSafeEqual. A login for a user
 * who does not exist hashes the password all the same (against a dummy hash with the strongest
 * parameters in the file, never weaker than the defaults), so "no such user" and "wrong password"
 * cost the same time and get the same answer. A hash weaker than the defaults is replaced at the
 * user's next successful login (`isWeaker`, `saveUserHash`).
 *
 * The file: `{ "alice": { "role": "editor", "password": "scrypt$N$r$p$<salt>$<hash>" }, … }`,
 * salt and hash in base64. `npx tsx examples/auth-server/add-user.ts FILE NAME ROLE` adds a user.
 */
import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';
import { readFile, rename, writeFile } from 'node:fs/promises';

/** scrypt's cost: memory 128·N·r bytes, p passes. */
export interface ScryptParams {
  N: number;
  r: number;
  p: number;
}

/** OWASP's minimum for scrypt (N=2^15, r=8, p=3: 32 MiB, three passes); about 0.35 s on a small server. */
export const DEFAULT_PARAMS: ScryptParams = { N: 2 ** 15, r: 8, p: 3 };

const SALT_BYTES = 16;
const HASH_BYTES = 32;

export interface PasswordHash extends ScryptParams {
  salt: Buffer;
  hash: Buffer;
}

export interface User {
  role: string;
  password: PasswordHash;
  disabled?: boolean;
}

export type Users = ReadonlyMap<string, User>;

function derive(password: string, salt: Buffer, { N, r, p }: ScryptParams, length = HASH_BYTES): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    scrypt(password.normalize('NFC'), salt, length, { N, r, p, maxmem: 256 * N * r }, (error, key) => (error ? reject(error) : resolve(key))),
  );
}

/** A new hash of `password` with a fresh random salt. */
export async function hashPassword(password: string, params: ScryptParams = DEFAULT_PARAMS): Promise<PasswordHash> {
  const salt = randomBytes(SALT_BYTES);
  return { ...params, salt, hash: await derive(password, salt, params) };
}

/** The stored form: `scrypt$N$r$p$salt$hash`. */
export function formatHash({ N, r, p, salt, hash }: PasswordHash): string {
  return ['scrypt', N, r, p, salt.toString('base64'), hash.toString('base64')].join('$');
}

/** Parses the stored form; throws on anything else. */
export function parseHash(text: unknown): PasswordHash {
  const parts = typeof text === 'string' ? text.split('$') : [];
  const [scheme, N, r, p, salt, hash] = parts;
  const numbers = [N, r, p].map((value) => (/^\d+$/.test(value ?? '') ? Number(value) : Number.NaN));
  const bytes = { salt: Buffer.from(salt ?? '', 'base64'), hash: Buffer.from(hash ?? '', 'base64') };
  if (parts.length !== 6 || scheme !== 'scrypt' || !numbers.every((value) => value >= 1) || bytes.salt.length < 8 || bytes.hash.length < 16) {
    throw new Error('password must be "scrypt$N$r$p$<salt base64>$<hash base64>" (salt at least 8 bytes, hash at least 16)');
  }
  return { N: numbers[0]!, r: numbers[1]!, p: numbers[2]!, ...bytes };
}

/** Reads the users file; the error names the file and the user at fault. */
export async function loadUsers(file: string): Promise<Map<string, User>> {
  let data: unknown;
  try {
    data = JSON.parse(await readFile(file, 'utf8'));
  } catch (error) {
    throw new Error(`USERS_FILE ${file}: ${(error as Error).message}`);
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) throw new Error(`USERS_FILE ${file}: expected an object of users by name`);
  const users = new Map<string, User>();
  for (const [name, entry] of Object.entries(data)) {
    const { role, password, disabled } = (entry ?? {}) as Record<string, unknown>;
    try {
      if (typeof role !== 'string' || role === '') throw new Error('role must be a non-empty string');
      users.set(name, { role, password: parseHash(password), disabled: disabled === true });
    } catch (error) {
      throw new Error(`USERS_FILE ${file}: user ${JSON.stringify(name)}: ${(error as Error).message}`);
    }
  }
  return users;
}

/** scrypt's work for a set of parameters: memory (N·r) times passes (p). */
function cost({ N, r, p }: ScryptParams): number {
  return N * r * p;
}

/**
 * Whether a hash is weaker than `floor`: less memory (N·r) or less work (N·r·p). A hash stronger on
 * both counts with other parameters (say N=2^17, p=1) is not weaker, and is kept: replacing it with
 * the floor's would be a downgrade.
 */
export function isWeaker(params: ScryptParams, floor: ScryptParams = DEFAULT_PARAMS): boolean {
  return params.N * params.r < floor.N * floor.r || cost(params) < cost(floor);
}

/**
 * The parameters of the dummy hash an unknown user's password is checked against: the most
 * expensive ones in the directory, or `floor` (the defaults) when that costs more, so "no such
 * user" never answers faster than any real user does (copying the first user's would, when the file
 * mixes cheap and expensive hashes).
 */
export function dummyParams(users: Users, floor: ScryptParams = DEFAULT_PARAMS): ScryptParams {
  let strongest = floor;
  for (const { password } of users.values()) if (cost(password) > cost(strongest)) strongest = password;
  const { N, r, p } = strongest;
  return { N, r, p };
}

/**
 * Writes a user's new hash into the users file: read, change that one entry, write a temp file
 * beside it and rename it over the file, so a crash or a second instance never sees half a file.
 * Throws what the file system says (a read-only file or folder: EACCES, EROFS).
 */
export async function saveUserHash(file: string, username: string, password: PasswordHash): Promise<void> {
  const data = JSON.parse(await readFile(file, 'utf8')) as Record<string, Record<string, unknown>>;
  const entry = data[username];
  if (entry === undefined) throw new Error(`USERS_FILE ${file}: no user ${JSON.stringify(username)}`);
  entry.password = formatHash(password);
  const temp = `${file}.${randomBytes(6).toString('hex')}.tmp`;
  await writeFile(temp, `${JSON.stringify(data, null, 2)}\n`, { mode: 0o600, flag: 'wx' });
  await rename(temp, file);
}

/**
 * Checks a login: the user when the password is theirs and they are not disabled, else null.
 * Exactly one scrypt run whatever the case: the unknown user's password is hashed against a
 * dummy with the directory's strongest parameters (at least `floor`), and the disabled flag is
 * read only after hashing.
 */
export function passwordChecker(users: Users, floor: ScryptParams = DEFAULT_PARAMS): (username: string, password: string) => Promise<User | null> {
  const dummy: PasswordHash = { ...dummyParams(users, floor), salt: randomBytes(SALT_BYTES), hash: randomBytes(HASH_BYTES) };
  return async (username, password) => {
    const user = users.get(username);
    const stored = user?.password ?? dummy;
    const derived = await derive(password, stored.salt, stored, stored.hash.length);
    const matches = timingSafeEqual(derived, stored.hash);
    return matches && user !== undefined && !user.disabled ? user : null;
  };
}
