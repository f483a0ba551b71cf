/**
 * Claim times for people: `exp` as a date and "expires in 4m 10s" / "expired 2h ago".
 */

const UNITS = [
  ['d', 86400],
  ['h', 3600],
  ['m', 60],
  ['s', 1],
] as const;

/** A span of whole seconds in its two largest units: 250 → "4m 10s", 7200 → "2h", 0 → "0s". */
export function span(seconds: number): string {
  let rest = Math.round(Math.abs(seconds));
  const parts: string[] = [];
  for (const [unit, size] of UNITS) {
    if (rest >= size && parts.length < 2) {
      parts.push(`${Math.floor(rest / size)}${unit}`);
      rest %= size;
    } else if (parts.length > 0) break; // "2h 5s" would hide the minutes: stop at the first gap
  }
  return parts.length > 0 ? parts.join(' ') : '0s';
}

/** Where `at` (seconds since the epoch) lies from now: "in 4m 10s" or "2h ago". */
export function relative(at: number, now = Date.now() / 1000): { past: boolean; text: string } {
  const past = at <= now;
  const text = span(at - now);
  return { past, text: past ? `${text} ago` : `in ${text}` };
}

/** What a claim time means, in words: "expires in 4m 10s", "expired 2h ago", "issued 5m ago", … */
export function describeTime(claim: 'exp' | 'nbf' | 'iat', at: number, now = Date.now() / 1000): string {
  const { past, text } = relative(at, now);
  if (claim === 'exp') return past ? `expired ${text}` : `expires ${text}`;
  if (claim === 'nbf') return past ? `valid since ${text}` : `not valid yet: valid ${text}`;
  return past ? `issued ${text}` : `issued ${text} (in the future: check the clocks)`;
}

/** The token's time claims as dates and words; claims that are not numbers are left out (decode shows them as they are). */
export function claimTimes(payload: Record<string, unknown>, now = Date.now() / 1000): Record<string, { date: string; relative: string }> {
  const times: Record<string, { date: string; relative: string }> = {};
  for (const claim of ['iat', 'nbf', 'exp'] as const) {
    const value = payload[claim];
    if (typeof value !== 'number' || !Number.isFinite(value) || Math.abs(value) > 8.64e12) continue;
    times[claim] = { date: new Date(value * 1000).toISOString(), relative: describeTime(claim, value, now) };
  }
  return times;
}
