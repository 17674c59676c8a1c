import { readdirSync, readFileSync, renameSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot, runCli } from '../support/cli.ts';
import { runMain } from '../support/run-main.ts';
import { temporaryDir } from '../support/temporary-dir.ts';
import { claudeBody, eventually, haiku } from '../support/emulator.ts';

function write(dir: string, files: Record<string, string>): void {
  for (const [name, text] of Object.entries(files)) writeFileSync(path.join(dir, name), text);
}

describe('bedrock-emulator validate', () => {
  it('is green on the bundled fixtures', async () => {
    const run = runMain(['validate', 'fixtures']);
    expect(await run.exitCode).toBe(0);
    expect(run.output().stdout).toMatch(/^ok: \d+ fixtures in \d+ files\n$/);
  });

  it('reports every problem of every kind at once, each with file, line, field and fix, and exits 1', async () => {
    const dir = temporaryDir();
    write(dir, {
      'a-types.json': '[\n  { "response": { "text": "ok" } },\n  {\n    "match": { "model": 42 },\n    "response": { "text": "x" }\n  }\n]\n',
      'b-unknown.yaml': 'match:\n  lastUserMesage: hi\nresponse:\n  text: x\n',
      'c-enum.yaml': '- response:\n    text: x\n    stopReason: done\n',
      'd-both.yaml': 'response:\n  text: a\n  content:\n    - text: b\n',
      'e-regex.json': '{\n  "match": { "lastUserMessage": { "regex": "(" } },\n  "response": { "text": "x" }\n}\n',
      'f-syntax.json': '{\n  "response": {\n    "text": "x",\n  }\n}\n',
      'g-yaml.yaml': 'response:\n  text: [unclosed\n',
      'h-timing.yaml': 'response: { text: x }\ntiming: { chunking: { by: tokens, min: 3, max: 2 } }\n',
      'i-empty.json': '[]\n',
      'j-tool.yaml': 'response:\n  content:\n    - toolUse: { name: get_weather }\n',
    });
    const run = runMain(['validate', dir]);
    expect(await run.exitCode).toBe(1);
    const lines = run.output().stdout.trim().split('\n');
    const at = (file: string): string => path.join(dir, file);
    expect(lines).toEqual([
      `${at('a-types.json')}:4: [1].match.model: expected a string, got 42`,
      `${at('b-unknown.yaml')}:2: match.lastUserMesage: unknown field; did you mean "lastUserMessage"?`,
      `${at('c-enum.yaml')}:3: [0].response.stopReason: expected one of "end_turn", "tool_use", "max_tokens", "stop_sequence", "pause_turn", "refusal", "guardrail_intervened", "content_filtered", "malformed_model_output", "malformed_tool_use", "model_context_window_exceeded", got "done"`,
      `${at('d-both.yaml')}:1: response: give exactly one of "text", "content" (content blocks) or "error"`,
      `${at('e-regex.json')}:2: match.lastUserMessage.regex: invalid regular expression: error parsing regexp: missing closing ): \`(\`, got "("`,
      expect.stringMatching(new RegExp(`^${at('f-syntax.json').replace(/[.\\/]/g, '\\$&')}:4: not valid JSON: `)),
      expect.stringMatching(new RegExp(`^${at('g-yaml.yaml').replace(/[.\\/]/g, '\\$&')}:\\d+: not valid YAML: `)),
      `${at('h-timing.yaml')}:2: timing.chunking.max: max must be at least min`,
      `${at('i-empty.json')}:1: the list of fixtures is empty; add a fixture or delete the file`,
      `${at('j-tool.yaml')}:3: response.content[0].toolUse.input: required field is missing (expected an object)`,
      'failed: 10 problems (1 fixture in 10 files loaded)',
    ]);
  });

  it('says a SAM template is a template, and points at stack', async () => {
    const template = 'src/functions/chat-websocket/template.yaml';
    const run = runMain(['validate', template]);
    expect(await run.exitCode).toBe(1);
    expect(run.output().stdout).toBe(
      `${template}:4: this is an AWS SAM / CloudFormation template (it has AWSTemplateFormatVersion), not a fixture file: run its functions and APIs with \`bedrock-emulator stack ${template}\`; fixtures are described in docs/fixtures.md\nfailed: 1 problem (0 fixtures in 1 file loaded)\n`,
    );
  });

  it('prints a JSON report with --json and warns about shadowed fixtures', async () => {
    const dir = temporaryDir();
    write(dir, {
      'a.yaml': '- name: catch-all\n  response: { text: anything }\n- name: never\n  match: { lastUserMessage: hello }\n  response: { text: hi }\n',
    });
    const run = runMain(['validate', '--json', dir]);
    expect(await run.exitCode).toBe(0);
    const report = JSON.parse(run.output().stdout) as Record<string, unknown>;
    expect(report).toMatchObject({ valid: true, fixtures: 2, problems: [], files: [path.join(dir, 'a.yaml')] });
    expect(report['warnings']).toEqual([
      {
        file: path.join(dir, 'a.yaml'),
        line: 3,
        fixture: 'never',
        shadowedBy: { name: 'catch-all', file: path.join(dir, 'a.yaml'), line: 1 },
        message: `${path.join(dir, 'a.yaml')}:3 (never) can never answer: ${path.join(dir, 'a.yaml')}:1 (catch-all) matches every request it matches and wins (higher priority, or loaded first). Narrow the winner or raise this fixture's priority.`,
      },
    ]);
    const failing = runMain(['validate', '--json', path.join(dir, 'missing')]);
    expect(await failing.exitCode).toBe(1);
    expect(JSON.parse(failing.output().stdout)).toMatchObject({ valid: false, problems: [{ file: path.join(dir, 'missing'), line: null, path: '' }] });
  });
});

describe('bedrock-emulator new', () => {
  it('writes a fixture that loads and answers, with $schema and the timing profile', async () => {
    const dir = temporaryDir();
    const run = runCli(['new', '--prompt', "What's the capital of France?", '--text', 'Paris.', '--timing', 'instant', '--model', 'anthropic.*'], { cwd: dir });
    expect(await run.exited).toBe(0);
    const file = path.join(dir, 'fixtures', 'whats-the-capital-of-france.json');
    expect(run.output().stdout).toBe('wrote fixtures/whats-the-capital-of-france.json\n');
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({
      $schema: path.relative(path.dirname(file), path.join(repoRoot, 'schema/fixture.schema.json')),
      name: 'whats-the-capital-of-france',
      match: { model: 'anthropic.*', lastUserMessage: { contains: "What's the capital of France?" } },
      response: { text: 'Paris.' },
      timing: 'instant',
    });
    const server = runCli(['start', '--port', '0', '--fixtures', path.join(dir, 'fixtures')]);
    const url = await server.listening();
    const response = await fetch(`${url}/model/${haiku}/invoke`, { method: 'POST', body: claudeBody("What's the capital of France?") });
    expect(((await response.json()) as { content: { text: string }[] }).content[0]?.text).toBe('Paris.');
  });

  it('never overwrites without --force, and leaves no temporary file behind', async () => {
    const dir = temporaryDir();
    const first = runCli(['new', '--prompt', 'hi', '--text', 'one', '--out', 'hi.yaml'], { cwd: dir });
    expect(await first.exited).toBe(0);
    const second = runCli(['new', '--prompt', 'hi', '--text', 'two', '--out', 'hi.yaml'], { cwd: dir });
    expect(await second.exited).toBe(1);
    expect(second.output().stderr).toBe('bedrock-emulator: hi.yaml already exists; pass --force to overwrite it.\n');
    expect(readFileSync(path.join(dir, 'hi.yaml'), 'utf8')).toContain('text: one');
    const forced = runCli(['new', '--prompt', 'hi', '--text', 'two', '--out', 'hi.yaml', '--force'], { cwd: dir });
    expect(await forced.exited).toBe(0);
    const yaml = readFileSync(path.join(dir, 'hi.yaml'), 'utf8');
    expect(yaml).toMatch(/^# yaml-language-server: \$schema=.*schema\/fixture\.schema\.json\n/);
    expect(yaml).toContain('text: two');
    expect(readdirSync(dir)).toEqual(['hi.yaml']);
  });

  it('reads the answer from a file', async () => {
    const dir = temporaryDir();
    write(dir, { 'answer.txt': 'A long answer\nover two lines.' });
    const run = runCli(['new', '--prompt', 'long', '--text-file', 'answer.txt', '--out', 'long.json'], { cwd: dir });
    expect(await run.exited).toBe(0);
    expect((JSON.parse(readFileSync(path.join(dir, 'long.json'), 'utf8')) as { response: unknown }).response).toEqual({ text: 'A long answer\nover two lines.' });
  });
});

describe('bedrock-emulator start --watch', () => {
  const ask = async (url: string): Promise<string> => {
    const response = await fetch(`${url}/model/${haiku}/invoke`, { method: 'POST', body: claudeBody('ping') });
    return ((await response.json()) as { content: { text: string }[] }).content[0]?.text ?? '';
  };

  // The watcher reloads 100 ms after the last change; 5 s only bounds a test that would otherwise hang.
  it('picks up a changed file, and keeps serving the last good set through a broken edit', async () => {
    const dir = temporaryDir();
    write(dir, { 'ping.yaml': 'match: { lastUserMessage: ping }\nresponse: { text: pong-1 }\ntiming: instant\n' });
    const run = runMain(['start', '--port', '0', '--watch', '--fixtures', dir]);
    const url = await run.listening();
    expect(await ask(url)).toBe('pong-1');

    write(dir, { 'ping.yaml': 'match: { lastUserMessage: ping }\nresponse: { text: pong-2 }\ntiming: instant\n' });
    await eventually(async () => expect(await ask(url)).toBe('pong-2'), 5000);
    // A save that changes nothing (an editor's second event, a touch) is not another reload.
    utimesSync(path.join(dir, 'ping.yaml'), new Date(), new Date());
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(run.output().stdout.match(/reloaded/g)).toHaveLength(1);

    write(dir, { 'ping.yaml': 'match: { lastUserMessage: ping }\nresponse: { text: [broken\n' });
    await eventually(() => expect(run.output().stderr).toContain('fixtures not reloaded, still serving the last good 1 fixture'), 5000);
    expect(run.output().stderr).toMatch(/ping\.yaml:\d+: not valid YAML/);
    expect(await ask(url)).toBe('pong-2');

    write(dir, { 'more.json': '{"match": {"lastUserMessage": "ping"}, "priority": 5, "response": {"text": "pong-3"}, "timing": "instant"}' });
    write(dir, { 'ping.yaml': 'match: { lastUserMessage: ping }\nresponse: { text: pong-2 }\ntiming: instant\n' });
    await eventually(async () => expect(await ask(url)).toBe('pong-3'), 5000);
    expect(run.output().stdout).toContain('reloaded 2 fixtures');
    expect(await run.stop()).toBe(0);
  });

  it('follows a fixture file saved by rename (sed -i, atomic-saving editors), and every write after it', async () => {
    const dir = temporaryDir();
    const file = path.join(dir, 'ping.yaml');
    write(dir, { 'ping.yaml': 'match: { lastUserMessage: ping }\nresponse: { text: pong-1 }\ntiming: instant\n' });
    const run = runMain(['start', '--port', '0', '--watch', '--fixtures', file]);
    const url = await run.listening();
    expect(await ask(url)).toBe('pong-1');

    write(dir, { 'ping.yaml.sed-tmp': 'match: { lastUserMessage: ping }\nresponse: { text: pong-2 }\ntiming: instant\n' });
    renameSync(path.join(dir, 'ping.yaml.sed-tmp'), file);
    await eventually(async () => expect(await ask(url)).toBe('pong-2'), 1500);
    // The file given is a new inode now: the write below reaches it only through its folder's watch.
    write(dir, { 'ping.yaml': 'match: { lastUserMessage: ping }\nresponse: { text: pong-3 }\ntiming: instant\n' });
    await eventually(async () => expect(await ask(url)).toBe('pong-3'), 1500);
    // A bad edit saved the same way: reported by file, line and field; the last good fixture serves on.
    write(dir, { 'ping.yaml.sed-tmp': 'match: { lastUserMessage: ping }\nresponse: { text: pong-4, stopReason: done }\n' });
    renameSync(path.join(dir, 'ping.yaml.sed-tmp'), file);
    await eventually(() => expect(run.output().stderr).toContain(`fixtures not reloaded, still serving the last good 1 fixture:\n  ${file}:2: response.stopReason: expected one of "end_turn"`), 1500);
    expect(await ask(url)).toBe('pong-3');
    expect(await run.stop()).toBe(0);
  });
});
