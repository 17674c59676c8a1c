/** Edit-distance work a suggestion may still do, in cells of the distance table; shared by every suggestion of one file. */
type SuggestionBudget = { cells: number };

/**
 * The known name a misspelt one most likely meant, if one is close enough
 * (an edit or two, case aside) to be worth suggesting: the "did you mean"
 * of fixture files and templates. The first of the closest wins. With a
 * budget, the search stops when it is spent: a template with thousands of
 * misspelt names against thousands of resource names gets its first
 * suggestions, not minutes of comparisons.
 *
 * @example
 * closestName('Timout', ['Timeout', 'MemorySize']) // 'Timeout'
 */
export function closestName(name: string, known: readonly string[], budget?: SuggestionBudget): string | undefined {
  let best: { name: string; distance: number } | undefined;
  const lower = name.toLowerCase();
  for (const candidate of known) {
    const allowed = Math.max(1, Math.floor(candidate.length / 4));
    // Names whose lengths differ by more than the edits allowed cannot be that close.
    if (Math.abs(candidate.length - name.length) > allowed) continue;
    const cells = (name.length + 1) * (candidate.length + 1);
    if (budget !== undefined) {
      if (budget.cells < cells) break;
      budget.cells -= cells;
    }
    const distance = editDistance(lower, candidate.toLowerCase());
    if (distance <= allowed && (best === undefined || distance < best.distance)) best = { name: candidate, distance };
  }
  return best?.name;
}

/** Levenshtein distance (insertions, deletions, substitutions), one row of the table at a time. */
function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = row[0] ?? 0;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = row[j] ?? 0;
      row[j] = Math.min(above + 1, (row[j - 1] ?? 0) + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
      diagonal = above;
    }
  }
  return row[b.length] ?? 0;
}
