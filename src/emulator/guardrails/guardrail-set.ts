import { FixtureProblem } from '../../core/errors/fixture-error.ts';
import { describeIssue, formatPath } from '../../core/fixtures/format-schema-issue.ts';
import { guardrailListSchema, guardrailVersionPattern, type Guardrail } from './guardrail-schema.ts';

/** The guardrails an emulator knows, by id and version. */
export type GuardrailSet = {
  readonly size: number;
  /** The guardrail an identifier (id or ARN) and version name, if defined. */
  find(identifier: string, version: string): GuardrailLookup;
};

type GuardrailLookup =
  | { readonly kind: 'found'; readonly guardrail: Guardrail; readonly id: string; readonly version: string }
  /** Not an id or a guardrail ARN at all. */
  | { readonly kind: 'invalid-identifier' }
  | { readonly kind: 'not-found' };

// The service's GuardrailIdentifier pattern: an id, or a guardrail's ARN.
const identifierPattern = /^(?:([a-z0-9]+)|arn:aws(?:-[^:]+)?:bedrock:[a-z0-9-]{1,20}:[0-9]{12}:guardrail\/([a-z0-9]+))$/;

/**
 * Checks guardrail definitions (a list, or `{ guardrails: [...] }`) and
 * indexes them; every problem is reported with where it is (`source` names
 * the file or the option). Two definitions of one id and version are a
 * problem too.
 *
 * @example
 * const result = checkGuardrails([{ id: 'support', blockedInputMessaging: 'No.', blockedOutputsMessaging: 'No.' }], 'guardrails.yaml');
 * if (result.kind === 'ok') result.guardrails.find('support', 'DRAFT');
 */
export function checkGuardrails(value: unknown, source: string): { kind: 'ok'; guardrails: GuardrailSet } | { kind: 'problems'; problems: FixtureProblem[] } {
  const wrapped = value !== null && typeof value === 'object' && !Array.isArray(value) && 'guardrails' in value;
  const list: unknown = wrapped ? value.guardrails : value;
  const prefix = wrapped ? ['guardrails'] : [];
  const result = guardrailListSchema.safeParse(list, { reportInput: true });
  if (!result.success) {
    return { kind: 'problems', problems: result.error.issues.map((issue) => new FixtureProblem(source, formatPath([...prefix, ...issue.path]), reasonOf(issue))) };
  }
  const byKey = new Map<string, Guardrail>();
  const problems: FixtureProblem[] = [];
  result.data.forEach((guardrail, index) => {
    for (const version of (guardrail.versions ?? ['DRAFT']).map(String)) {
      const key = `${guardrail.id}:${version}`;
      if (byKey.has(key)) problems.push(new FixtureProblem(source, formatPath([...prefix, index, 'versions']), `guardrail "${guardrail.id}" version ${version} is defined twice: give each definition its own versions`));
      byKey.set(key, guardrail);
    }
  });
  if (problems.length > 0) return { kind: 'problems', problems };
  return { kind: 'ok', guardrails: guardrailSetOf(byKey) };
}

/** No guardrails: every guardrail a request names does not exist. */
export const noGuardrails: GuardrailSet = guardrailSetOf(new Map());

function guardrailSetOf(byKey: ReadonlyMap<string, Guardrail>): GuardrailSet {
  return {
    size: new Set([...byKey.values()]).size,
    find(identifier, version) {
      const parts = identifierPattern.exec(identifier);
      if (parts === null) return { kind: 'invalid-identifier' };
      const id = parts[1] ?? parts[2] ?? '';
      const guardrail = guardrailVersionPattern.test(version) ? byKey.get(`${id}:${version}`) : undefined;
      return guardrail === undefined ? { kind: 'not-found' } : { kind: 'found', guardrail, id, version };
    },
  };
}

function reasonOf(issue: Parameters<typeof describeIssue>[0]): string {
  // A rule of ours says what it wants in its own words.
  if (issue.code === 'custom' || (issue.code === 'invalid_format' && !issue.message.startsWith('Invalid'))) {
    return issue.input === undefined ? issue.message : `${issue.message}, got ${JSON.stringify(issue.input)}`;
  }
  return describeIssue(issue);
}
