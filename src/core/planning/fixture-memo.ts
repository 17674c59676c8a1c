import type { Fixture } from '../fixtures/fixture.ts';

/**
 * Values worked out from a fixture, kept with it by key: at most `limit` per
 * fixture (past it, that fixture's start over). Held by a `WeakMap`, so what
 * is kept for a fixture goes when the fixture does (replaced, reset).
 */
export type FixtureMemo<V> = {
  get(fixture: Fixture, key: string): V | undefined;
  set(fixture: Fixture, key: string, value: V): void;
};

/**
 * A memo of its own: each emulator makes one per thing it keeps, so two
 * emulators in one process never share what they worked out.
 *
 * @example
 * const plans = createFixtureMemo<ResponsePlan>(256);
 * const plan = plans.get(fixture, key) ?? planAfresh();
 */
export function createFixtureMemo<V>(limit: number): FixtureMemo<V> {
  const byFixture = new WeakMap<Fixture, Map<string, V>>();
  return {
    get: (fixture, key) => byFixture.get(fixture)?.get(key),
    set: (fixture, key, value) => {
      let kept = byFixture.get(fixture);
      if (kept === undefined) {
        kept = new Map();
        byFixture.set(fixture, kept);
      }
      // Bounded like any cache keyed by what callers send.
      if (kept.size >= limit) kept.clear();
      kept.set(key, value);
    },
  };
}
