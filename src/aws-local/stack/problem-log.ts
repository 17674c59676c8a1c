import { closestName } from '../../core/closest-name.ts';
import type { TemplateProblem } from './template-error.ts';
import { formatFieldPath, type FieldPath } from './template-value.ts';

/** Collects a template's problems and notes while it is read, so that all are reported at once. */
export type ProblemLog = {
  /** Records what is wrong at a field; the same sentence at the same field is kept once. */
  readonly problem: (path: FieldPath, message: string) => void;
  /** Records something the template declares that has no local effect; notes come out in the template's line order too. */
  readonly note: (path: FieldPath, message: string) => void;
  /** The problems so far, in the template's line order. */
  readonly problems: () => readonly TemplateProblem[];
  readonly notes: () => readonly string[];
  /** The known name a misspelt one most likely meant (`closestName`), within one budget for the whole template. */
  readonly closestName: (name: string, known: readonly string[]) => string | undefined;
};

/** Comparisons of names for "did you mean" in one template: a few milliseconds of them, far more than a template with a few misspellings needs. */
const suggestionCells = 4_000_000;

/**
 * A log for one template file; `lineOf` puts each problem on its line.
 *
 * @example
 * const log = createProblemLog('template.yaml', text.lineOf);
 * log.problem(['Resources', 'Fn', 'Properties', 'Runtime'], 'nodejs18.x is not supported here; use nodejs22.x or nodejs24.x');
 */
export function createProblemLog(file: string, lineOf: (path: FieldPath) => number | undefined): ProblemLog {
  const problems = new Map<string, TemplateProblem & { readonly line: number }>();
  const notes = new Map<string, number>();
  const budget = { cells: suggestionCells };
  return {
    problem(path, message) {
      const line = lineOf(path);
      const field = formatFieldPath(path);
      const where = line === undefined ? file : `${file}:${line}`;
      const problem = { path: field === '' ? where : `${where}: ${field}`, message, line: line ?? 0 };
      problems.set(`${problem.path}\n${message}`, problem);
    },
    note(path, message) {
      if (!notes.has(message)) notes.set(message, lineOf(path) ?? 0);
    },
    // Resolving one resource can reach into another, so problems are found out of order; the author reads them top to bottom.
    problems: () => [...problems.values()].sort((a, b) => a.line - b.line).map(({ path, message }) => ({ path, message })),
    notes: () => [...notes].sort((a, b) => a[1] - b[1]).map(([message]) => message),
    closestName: (name, known) => closestName(name, known, budget),
  };
}
