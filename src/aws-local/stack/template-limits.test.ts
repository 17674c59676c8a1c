import { describe, expect, it } from 'vitest';
import { parseTemplate } from './parse-template.ts';
import { TemplateError } from './template-error.ts';
import { formatCount, templateLimits } from './template-limits.ts';
import type { StackModel } from './template-model.ts';

const resolveHandler = (codeUri: string, module: string): string => `/app/${module}.js`;

const parse = (text: string): StackModel => parseTemplate(text, { file: 'hostile.yaml', resolveHandler });

function problemsOf(text: string): string[] {
  try {
    parse(text);
  } catch (error) {
    if (error instanceof TemplateError) return error.problems.map((problem) => `${problem.path}: ${problem.message}`);
    throw error;
  }
  throw new Error('expected the template to be refused');
}

/** A template with one function whose environment variable VALUE is `value`, after `before` (whole top-level sections). */
function withValue(value: string, before = ''): string {
  return [
    'Transform: AWS::Serverless-2016-10-31',
    before.trimEnd(),
    'Resources:',
    '  Chat:',
    '    Type: AWS::Serverless::Function',
    '    Properties:',
    '      Runtime: nodejs22.x',
    '      Handler: index.handler',
    '      Environment:',
    '        Variables:',
    `          VALUE: ${value}`,
    '',
  ]
    .filter((line, index) => index !== 1 || line !== '')
    .join('\n');
}

const valueOf = (value: string, before = ''): string | undefined => parse(withValue(value, before)).functions[0]?.environment['VALUE'];

const maxValues = formatCount(templateLimits.maxValues);
const maxText = formatCount(templateLimits.maxResolvedCharacters);

describe('template limits: aliases', () => {
  it('reads an anchored value wherever an alias repeats it, and puts a problem inside it on the anchor', () => {
    const before = 'Metadata:\n  Shared: &runtime { Runtime: nodejs22.x, Handler: index.handler, Timeout: 0 }\n';
    const text = `${before}Transform: AWS::Serverless-2016-10-31\nResources:\n  A:\n    Type: AWS::Serverless::Function\n    Properties: *runtime\n  B:\n    Type: AWS::Serverless::Function\n    Properties: *runtime\n`;
    expect(problemsOf(text)).toEqual([
      'hostile.yaml:2: Resources.A.Properties.Timeout: expected a whole number of seconds from 1 to 900, got 0',
      'hostile.yaml:2: Resources.B.Properties.Timeout: expected a whole number of seconds from 1 to 900, got 0',
    ]);
    expect(valueOf('*name', 'Metadata:\n  Name: &name first\n  Again: &name second\n')).toBe('second');
  });

  it('reports an alias with no anchor before it, and one inside the value it names', () => {
    expect(problemsOf(withValue('*nowhere'))).toEqual(['hostile.yaml:10: Resources.Chat.Properties.Environment.Variables.VALUE: the alias *nowhere has no anchor &nowhere before it; write the value out, or anchor it earlier']);
    expect(problemsOf(withValue('x', 'Metadata:\n  Loop: &loop [a, *loop]\n'))).toEqual(['hostile.yaml:3: Metadata.Loop[1]: the alias *loop refers to a value that contains it; write the value out']);
  });

  it('refuses a billion laughs in a Metadata section nothing reads, without expanding it', () => {
    const levels = ['Metadata:', '  l0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]'];
    for (let level = 1; level <= 9; level++) levels.push(`  l${level}: &l${level} [${Array.from({ length: 10 }, () => `*l${level - 1}`).join(', ')}]`);
    expect(problemsOf(withValue('x', levels.join('\n')))).toEqual([
      `hostile.yaml:8: its aliases expand it to more than ${maxValues} values (keys, scalars, lists and mappings), the most \`bedrock-emulator stack\` reads; the largest, *l4, stands for more than ${maxValues}: use fewer aliases, or aliases of smaller values`,
    ]);
  });

  it('refuses aliases that expand the template just past the limit', () => {
    const items = Array.from({ length: 999 }, () => 'a').join(', ');
    const uses = Math.ceil(templateLimits.maxValues / 1000);
    const text = withValue('x', `Metadata:\n  Base: &base [${items}]\n  Uses:\n${'    - *base\n'.repeat(uses)}`);
    expect(problemsOf(text)).toEqual([`hostile.yaml:5: its aliases expand it to more than ${maxValues} values (keys, scalars, lists and mappings), the most \`bedrock-emulator stack\` reads; the largest, *base, stands for 1,000: use fewer aliases, or aliases of smaller values`]);
  });

  it('resolves a thousand aliases, each to its own anchor', () => {
    const count = 1_000;
    const anchors = Array.from({ length: count }, (_, index) => `    k${index}: &a${index} v${index}`).join('\n');
    const aliases = Array.from({ length: count }, (_, index) => `*a${index}`).join(', ');
    expect(valueOf(`!Join [',', [${aliases}]]`, `Metadata:\n  Anchors:\n${anchors}\n`)?.split(',')).toEqual(Array.from({ length: count }, (_, index) => `v${index}`));
  });

  it('refuses anchors and aliases just past the limit before resolving any', () => {
    // Three values each: the key, the anchored value, the alias.
    const count = Math.ceil(templateLimits.maxValues / 3);
    const anchors = Array.from({ length: count }, (_, index) => `    k${index}: &a${index} v`).join('\n');
    const aliases = Array.from({ length: count }, (_, index) => `*a${index}`).join(', ');
    expect(problemsOf(withValue('x', `Metadata:\n  Anchors:\n${anchors}\n  Aliases: [${aliases}]\n`))).toEqual([
      `hostile.yaml: the template holds more than ${maxValues} values (keys, scalars, lists and mappings), the most \`bedrock-emulator stack\` reads; a real template holds far fewer (1 MB of YAML about 70,000): make it smaller`,
    ]);
  });
});

describe('template limits: size and shape', () => {
  it('refuses a template with more values than the limit before building it', () => {
    const list = Array.from({ length: templateLimits.maxValues }, () => 'a').join(',');
    expect(problemsOf(withValue('x', `Metadata:\n  Many: [${list}]\n`))).toEqual([
      `hostile.yaml: the template holds more than ${maxValues} values (keys, scalars, lists and mappings), the most \`bedrock-emulator stack\` reads; a real template holds far fewer (1 MB of YAML about 70,000): make it smaller`,
    ]);
  });

  it('refuses a mapping with more keys than the limit allows, and still finds a key written twice', () => {
    const keys = Array.from({ length: templateLimits.maxValues / 2 }, (_, index) => `    k${index}: v`).join('\n');
    expect(problemsOf(withValue('x', `Metadata:\n  Keys:\n${keys}\n`))).toEqual([
      `hostile.yaml: the template holds more than ${maxValues} values (keys, scalars, lists and mappings), the most \`bedrock-emulator stack\` reads; a real template holds far fewer (1 MB of YAML about 70,000): make it smaller`,
    ]);
    expect(problemsOf(withValue('x', 'Metadata:\n  Keys: { 1: a, b: c }\n  Other: { "1": a, 1: b }\n'))).toEqual(['hostile.yaml:4: not valid YAML or JSON: Map keys must be unique']);
  });

  it(`refuses a template nested deeper than ${templateLimits.maxDepth} levels, aliases expanded, at the line that passes it`, () => {
    const nested = (depth: number, inner: string): string => `${'['.repeat(depth)}${inner}${']'.repeat(depth)}`;
    const tooDeep = `hostile.yaml:3: the template nests deeper than ${templateLimits.maxDepth} levels (aliases expanded), the most \`bedrock-emulator stack\` reads; a real template nests far less`;
    expect(problemsOf(withValue('x', `Metadata:\n  Deep: ${nested(templateLimits.maxDepth, '')}\n`))).toEqual([tooDeep]);
    // 60 levels anchored, used 45 levels down: neither is too deep as written, but the alias expanded is.
    expect(problemsOf(withValue('x', `Metadata:\n  Half: &half ${nested(60, 'x')}\n  Twice:\n    - ${nested(45, '*half')}\n`))).toEqual([tooDeep.replace(':3:', ':5:')]);
  });
});

describe('template limits: resources', () => {
  const roles = (count: number): string => `Resources:\n${Array.from({ length: count }, (_, index) => `  Role${index}: { Type: AWS::IAM::Role }`).join('\n')}\n`;

  it(`reads ${templateLimits.maxResources} resources, CloudFormation's quota, and refuses one more before reading any`, () => {
    expect(parse(roles(templateLimits.maxResources)).notes).toHaveLength(templateLimits.maxResources);
    expect(problemsOf(roles(templateLimits.maxResources + 1))).toEqual([
      `hostile.yaml:1: Resources: the template declares 501 resources; CloudFormation takes at most ${templateLimits.maxResources} in one template, and so does \`bedrock-emulator stack\`: split it into templates of ${templateLimits.maxResources} or fewer`,
    ]);
  });
});

describe('template limits: intrinsic functions', () => {
  /** `${a}${a}` whose a is the same again, `depth` times: the text doubles at each level. */
  const nestedSub = (depth: number): string => {
    let value = '"x"';
    for (let level = 0; level < depth; level++) value = `{ "Fn::Sub": ["\${a}\${a}", { a: ${value} }] }`;
    return value;
  };

  it('resolves each Fn::Sub variable once, however often it is written', () => {
    expect(valueOf(nestedSub(10))).toBe('x'.repeat(1024));
  });

  it('refuses a nested Fn::Sub whose text doubles past the limit, at the field that holds it', () => {
    expect(problemsOf(withValue(nestedSub(30)))).toEqual([
      `hostile.yaml:10: Resources.Chat.Properties.Environment.Variables.VALUE: Fn::Sub would take the text that Fn::Sub and Fn::Join make in this template past ${maxText} characters, the most \`bedrock-emulator stack\` makes; a real template makes far less: look for a long value repeated many times, or a Fn::Sub nested in its own variables`,
    ]);
  });

  it('refuses a Fn::Sub or Fn::Join that repeats a long value just past the limit, without making it', () => {
    const long = 'x'.repeat(100_000);
    const times = Math.floor(templateLimits.maxResolvedCharacters / long.length) + 1;
    const parameter = `Parameters:\n  Long: { Type: String, Default: ${long} }\n`;
    expect(problemsOf(withValue(`!Sub "${'${Long}'.repeat(times)}"`, parameter))).toEqual([
      `hostile.yaml:12: Resources.Chat.Properties.Environment.Variables.VALUE: Fn::Sub would take the text that Fn::Sub and Fn::Join make in this template past ${maxText} characters, the most \`bedrock-emulator stack\` makes; a real template makes far less: look for a long value repeated many times, or a Fn::Sub nested in its own variables`,
    ]);
    // The delimiter goes between the items: one item more.
    expect(problemsOf(withValue(`!Join ["${long}", [${Array.from({ length: times + 1 }, () => 'a').join(',')}]]`))).toEqual([
      `hostile.yaml:10: Resources.Chat.Properties.Environment.Variables.VALUE: Fn::Join would take the text that Fn::Sub and Fn::Join make in this template past ${maxText} characters, the most \`bedrock-emulator stack\` makes; a real template makes far less: look for a long value repeated many times, or a Fn::Sub nested in its own variables`,
    ]);
  });
});

describe('template limits: problems', () => {
  it('reports a thousand misspelt Refs among hundreds of long resource names, each once', () => {
    const resources = 400;
    const count = 1_000;
    const name = (prefix: string, index: number): string => `${prefix}${String(index).padStart(6, '0')}${'x'.repeat(90)}`;
    const roles = Array.from({ length: resources }, (_, index) => `  ${name('R', index)}: { Type: AWS::IAM::Role }`).join('\n');
    const refs = Array.from({ length: count }, (_, index) => `          V${index}: !Ref ${name('Q', index)}`).join('\n');
    const text = `Transform: AWS::Serverless-2016-10-31\nResources:\n${roles}\n  Chat:\n    Type: AWS::Serverless::Function\n    Properties:\n      Runtime: nodejs22.x\n      Handler: index.handler\n      Environment:\n        Variables:\n${refs}\n`;
    const problems = problemsOf(text);
    expect(problems).toHaveLength(count);
    // The first get a "did you mean"; once comparing names has taken its share, the rest are reported without one.
    expect(problems[0]).toBe(`hostile.yaml:${resources + 10}: Resources.Chat.Properties.Environment.Variables.V0: Ref to "${name('Q', 0)}": no parameter or resource of this template has that name; did you mean "${name('R', 0)}"?`);
    expect(problems.at(-1)).toBe(`hostile.yaml:${resources + count + 9}: Resources.Chat.Properties.Environment.Variables.V${count - 1}: Ref to "${name('Q', count - 1)}": no parameter or resource of this template has that name`);
  });
});
