/** One problem in a template: where it is, what is wrong and how to fix it. */
export type TemplateProblem = {
  /** The file, the line when known, and the field, e.g. `template.yaml:12: Resources.ChatFunction.Properties.Runtime`. */
  readonly path: string;
  /** What is wrong and how to fix it, e.g. `nodejs18.x is not supported here; use nodejs22.x or nodejs24.x`. */
  readonly message: string;
};

/**
 * Thrown when a template cannot start a local stack; carries every problem
 * found, so an author fixes them all in one pass.
 *
 * @example
 * try { parseTemplate(text, source) } catch (error) { if (error instanceof TemplateError) console.error(error.message) }
 */
export class TemplateError extends Error {
  override readonly name = 'TemplateError';
  readonly problems: readonly TemplateProblem[];

  constructor(problems: readonly TemplateProblem[]) {
    const count = problems.length === 1 ? '1 problem' : `${problems.length} problems`;
    super(`invalid template (${count}):\n${problems.map((problem) => `  ${problem.path}: ${problem.message}`).join('\n')}`);
    this.problems = problems;
  }
}
