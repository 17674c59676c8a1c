/**
 * The most `bedrock-emulator stack` reads from one template. A template is
 * read before anything starts, in one go: without these a few hundred bytes
 * of aliases or nested Fn::Sub could hold the process for minutes and fill
 * its memory. Each limit is far above what a real template needs
 * (docs/api-gateway.md, "Template limits").
 *
 * @example
 * if (text.length > templateLimits.maxBytes) throw new TemplateError([{ path: file, message: tooLarge }]);
 */
export const templateLimits = {
  /**
   * Bytes of the file: CloudFormation takes a template of at most 1 MB from S3
   * (51,200 bytes in a request body), so a template that deploys fits.
   * https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/cloudformation-limits.html
   */
  maxBytes: 1_048_576,
  /**
   * Values (keys, scalars, lists and mappings), counted with every alias
   * expanded. 1 MB of a template holds about 60,000 as JSON the way tools
   * write it, 70,000 as YAML; reading YAML costs the same per value whatever
   * the value, so this also bounds how long a template takes to read.
   */
  maxValues: 100_000,
  /** Levels of nesting, aliases expanded: a real template nests a dozen or two. */
  maxDepth: 100,
  /**
   * Resources in the Resources section: CloudFormation's own quota per
   * template. Each function may open a port of its own (a Function URL), so
   * this also bounds what a template makes the stack start.
   */
  maxResources: 500,
  /**
   * Characters that Fn::Sub and Fn::Join make in one template, all added up:
   * sixteen times the largest template, which its intrinsics never come near.
   */
  maxResolvedCharacters: 16_777_216,
} as const;

/**
 * A count as a person reads it in a problem: `150,000`.
 *
 * @example
 * formatCount(1_048_576) // '1,048,576'
 */
export function formatCount(count: number): string {
  return String(count).replace(/\B(?=(\d{3})+$)/g, ',');
}
