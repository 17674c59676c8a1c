import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * docs/emulated.md lists every operation of the Bedrock Runtime service model
 * and every member of its request, response, event and union shapes with a
 * status. This reads those shapes from the installed SDK's type declarations,
 * so a new SDK version with a new field fails here until the page says what
 * the emulator does with it.
 */
const sdkRoot = path.dirname(createRequire(import.meta.url).resolve('@aws-sdk/client-bedrock-runtime/package.json'));
const typesDir = path.join(sdkRoot, 'dist-types');
const declarations = readdirSync(path.join(typesDir, 'models'))
  .filter((file) => /^models_\d+\.d\.ts$/.test(file))
  .map((file) => readFileSync(path.join(typesDir, 'models', file), 'utf8'))
  .join('\n');
const page = readFileSync(path.resolve(import.meta.dirname, '../../docs/emulated.md'), 'utf8');

/** The members of a shape: a union's members (`Shape.TextMember` → `text`) or an interface's fields. */
function membersOf(shape: string): string[] {
  const union = new RegExp(`export type ${shape} = ([^;]+);`).exec(declarations);
  if (union?.[1] !== undefined) {
    return [...union[1].matchAll(new RegExp(`${shape}\\.(\\w+)Member`, 'g'))].flatMap(([, name]) => (name === undefined || name === '$Unknown' ? [] : [name.charAt(0).toLowerCase() + name.slice(1)]));
  }
  const start = declarations.indexOf(`export interface ${shape} {`);
  if (start === -1) throw new Error(`${shape} is not in the SDK's declarations`);
  let depth = 0;
  let end = declarations.indexOf('{', start);
  const open = end;
  for (; end < declarations.length; end += 1) {
    if (declarations[end] === '{') depth += 1;
    else if (declarations[end] === '}' && --depth === 0) break;
  }
  return [...declarations.slice(open, end).matchAll(/^ {4}(\w+)\??: /gm)].flatMap(([, name]) => (name === undefined ? [] : [name]));
}

/** The text of the page's `### Shape` section. */
function sectionOf(shape: string): string | undefined {
  const match = new RegExp(`^### ${shape}\\n([\\s\\S]*?)(?=^##|(?![\\s\\S]))`, 'm').exec(page);
  return match?.[1];
}

const shapes = [...page.matchAll(/^### (\w+)$/gm)].flatMap(([, shape]) => (shape === undefined ? [] : [shape]));

describe('docs/emulated.md covers the service model', () => {
  it('lists every operation of the SDK', () => {
    const operations = readdirSync(path.join(typesDir, 'commands'))
      .filter((file) => file.endsWith('Command.d.ts'))
      .map((file) => file.replace(/Command\.d\.ts$/, ''));
    expect(operations.length).toBeGreaterThanOrEqual(11);
    expect(operations.filter((operation) => !page.includes(`| \`${operation}\` |`))).toEqual([]);
  });

  it('has a section for each operation’s request and response, each stream union and each content union', () => {
    const required = ['ConverseRequest', 'ConverseStreamRequest', 'ConverseResponse', 'ConverseStreamOutput', 'ContentBlock', 'ContentBlockDelta', 'ContentBlockStart', 'SystemContentBlock', 'Tool', 'ToolChoice', 'TokenUsage', 'InvokeModelRequest', 'InvokeModelWithResponseStreamRequest', 'InvokeModelResponse', 'ResponseStream', 'CountTokensRequest', 'CountTokensInput', 'ApplyGuardrailRequest', 'ApplyGuardrailResponse'];
    expect(required.filter((shape) => !shapes.includes(shape))).toEqual([]);
  });

  it.each(shapes)('%s: every member has a status', (shape) => {
    const members = membersOf(shape);
    expect(members.length).toBeGreaterThan(0);
    const section = sectionOf(shape) ?? '';
    // A table gives each member a row with its status; a section that points at another shape's table names each member.
    const listed = section.includes('| --- |') ? (member: string) => new RegExp(`^\\| \`${member}\` \\| \\S`, 'm').test(section) : (member: string) => section.includes(`\`${member}\``);
    expect(members.filter((member) => !listed(member))).toEqual([]);
  });
});
