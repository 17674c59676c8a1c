/**
 * A stable API id for a name: ten lower-case letters and digits, as API
 * Gateway's ids look (`a1b2c3d4e5`), the same every run so URLs and events
 * repeat.
 *
 * @example
 * apiIdFor('chat') // e.g. 'k3v9x0q2m1'
 */
export function apiIdFor(name: string): string {
  let hash = 2166136261;
  let id = '';
  for (let round = 0; id.length < 10; round++) {
    for (const char of `${name}:${round}`) hash = Math.imul(hash ^ char.charCodeAt(0), 16777619) >>> 0;
    id += (hash >>> 0).toString(36).padStart(7, '0').slice(0, 5);
  }
  return id.slice(0, 10);
}
