/**
 * Adds (or replaces) a user in a users file, with an scrypt hash of the password read from
 * standard input (so it shows up in neither the shell history nor the process list):
 *
 *   printf '%s' 'correct horse battery staple' | npx tsx examples/auth-server/add-user.ts users.json alice editor
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { formatHash, hashPassword } from './users.js';

const [file, name, role] = process.argv.slice(2);
if (!file || !name || !role) {
  console.error('usage: add-user.ts USERS_FILE USERNAME ROLE   (the password on standard input)');
  process.exit(2);
}
let password = '';
for await (const chunk of process.stdin) password += chunk;
password = password.replace(/\r?\n$/, '');
if (password.length < 8) {
  console.error('add-user: the password (standard input) must be at least 8 characters');
  process.exit(2);
}
const users = existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>) : {};
users[name] = { role, password: formatHash(await hashPassword(password)) };
writeFileSync(file, `${JSON.stringify(users, null, 2)}\n`, { mode: 0o600 });
console.log(`add-user: ${name} (${role}) saved in ${file}`);
