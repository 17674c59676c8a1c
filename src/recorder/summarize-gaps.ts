/**
 * The gaps between deltas as the fixture format's `deltaIntervalMs` and
 * `jitterMs`: the median gap, and a spread whose uniform draw has the same
 * interquartile range as the gaps seen (for a uniform draw on
 * [interval − jitter, interval + jitter], the quartiles are jitter apart).
 * Robust to the odd long pause, which a mean would chase.
 *
 * @example
 * summarizeGaps([30, 35, 40, 32, 120]) // { intervalMs: 35, jitterMs: 8 }
 */
export function summarizeGaps(gaps: readonly number[]): { intervalMs: number; jitterMs: number } {
  if (gaps.length === 0) return { intervalMs: 0, jitterMs: 0 };
  const sorted = [...gaps].sort((a, b) => a - b);
  const quantile = (q: number): number => {
    const position = (sorted.length - 1) * q;
    const below = Math.floor(position);
    const above = Math.ceil(position);
    return (sorted[below] ?? 0) + ((sorted[above] ?? 0) - (sorted[below] ?? 0)) * (position - below);
  };
  const intervalMs = Math.round(quantile(0.5));
  // The draw is clamped at 0 by the planner: a jitter above the interval would only bunch deltas.
  const jitterMs = Math.min(intervalMs, Math.round(quantile(0.75) - quantile(0.25)));
  return { intervalMs, jitterMs };
}
