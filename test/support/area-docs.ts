/**
 * The folders each table row of an architecture page names in its first cell
 * (`` `core/fixtures/` ``), without the trailing slash.
 *
 * @example
 * rowNames('| `core/fixtures/` | the format | … |') // ['core/fixtures']
 */
export function rowNames(page: string): string[] {
  return [...page.matchAll(/^\|([^|\n]*)\|/gm)].flatMap(([, cell = '']) => [...cell.matchAll(/`([^`\s]+)\/`/g)].map(([, name = '']) => name));
}

/** The paragraphs of a README, its heading aside. */
const paragraphsOf = (readme: string): string[] =>
  readme
    .split(/\n\s*\n/)
    .map((paragraph) => paragraph.trim())
    .filter((paragraph) => paragraph !== '' && !/^#{1,6} /.test(paragraph));

/**
 * What the docs fail to say about the areas of `src/`: an area whose folder
 * has neither a `README.md` of one paragraph nor a row of the architecture
 * page naming it, and a row naming a folder that is no area (a row left
 * behind by a move). `readmes` holds the README of each area that has one.
 *
 * @example
 * undocumentedAreas(['core/fixtures'], new Map(), '| `core/fixtures/` | the format | — |') // []
 */
export function undocumentedAreas(areas: readonly string[], readmes: ReadonlyMap<string, string>, architecturePage: string): string[] {
  const rows = rowNames(architecturePage);
  const missing = areas.flatMap((area) => {
    if (rows.includes(area)) return [];
    const readme = readmes.get(area);
    if (readme === undefined) return [`src/${area}/: no README.md, and no row of docs/architecture.md names \`${area}/\`: say in one or the other what it holds`];
    const paragraphs = paragraphsOf(readme).length;
    return paragraphs === 1 ? [] : [`src/${area}/README.md: ${paragraphs} paragraphs; say what the folder holds in one (or in a row of docs/architecture.md)`];
  });
  const stale = rows.filter((name) => !areas.includes(name)).map((name) => `docs/architecture.md: a row names \`${name}/\`, which is no area of src/`);
  return [...missing, ...stale];
}
