/**
 * How long a response says it stays fresh (RFC 9111 §5.2.2): `max-age` minus the `Age` a cache
 * in between has already held it; `no-store` / `no-cache` mean not at all. The caller clamps the
 * result to its own bounds.
 */
export function freshnessSeconds(headers: Headers): number | undefined {
  const value = headers.get('cache-control');
  if (value === null) return undefined;
  const directives = value
    .toLowerCase()
    .split(',')
    .map((directive) => directive.trim());
  if (directives.includes('no-store') || directives.includes('no-cache')) return 0;
  const maxAge = directives.map((directive) => /^max-age\s*=\s*"?(\d+)"?$/.exec(directive)).find((match) => match !== null);
  if (!maxAge) return undefined;
  const age = Number(headers.get('age') ?? 0);
  return Math.max(0, Number(maxAge[1]) - (Number.isFinite(age) && age > 0 ? age : 0));
}
