/**
 * One problem in a fixture file: where it is and how to fix it. Loading collects
 * every problem before it reports, so an author sees them all at once.
 *
 * @example
 * new FixtureProblem('fixtures/weather.json', '[2].match.model', 'expected a string or glob, got 42')
 */
export class FixtureProblem {
  readonly file: string;
  /** Dotted path into the file, e.g. `[2].match.model`; empty for the whole file. */
  readonly fieldPath: string;
  readonly reason: string;
  /** 1-based line of the field in the file, when the parser could tell. */
  readonly line: number | undefined;

  constructor(file: string, fieldPath: string, reason: string, line?: number) {
    this.file = file;
    this.fieldPath = fieldPath;
    this.reason = reason;
    this.line = line;
  }

  toString(): string {
    const where = this.line === undefined ? this.file : `${this.file}:${this.line}`;
    return this.fieldPath === '' ? `${where}: ${this.reason}` : `${where}: ${this.fieldPath}: ${this.reason}`;
  }
}

/**
 * Thrown when fixtures fail to load; carries every problem found.
 *
 * @example
 * try { loadFixtures(dir) } catch (e) { if (e instanceof FixtureError) console.error(e.message) }
 */
export class FixtureError extends Error {
  override readonly name = 'FixtureError';
  readonly problems: readonly FixtureProblem[];

  /** `what` names the kind of file, for the heading (default: fixtures). */
  constructor(problems: readonly FixtureProblem[], what = 'fixtures') {
    const count = problems.length === 1 ? '1 problem' : `${problems.length} problems`;
    super(`invalid ${what} (${count}):\n${problems.map((p) => `  ${p.toString()}`).join('\n')}`);
    this.problems = problems;
  }
}
