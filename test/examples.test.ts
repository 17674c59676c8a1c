import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { startEmulator } from '../src/node/start-emulator.ts';

/**
 * Every example in examples/ runs against the bundled fixtures, and the README
 * shows each one verbatim: a snippet a user copies is a snippet that ran.
 */
const repoRoot = path.resolve(import.meta.dirname, '..');
const server = await startEmulator({ fixturePaths: [path.join(repoRoot, 'fixtures')], timeScale: 0.05 });
afterAll(() => server.close());

async function runExample(name: string): Promise<string> {
  const { stdout } = await promisify(execFile)(process.execPath, [path.join(repoRoot, 'examples', name)], {
    env: { ...process.env, AWS_ENDPOINT_URL_BEDROCK_RUNTIME: server.url },
  });
  return stdout;
}

describe('examples', () => {
  it.each([
    ['stream-with-aws-sdk.mjs', ["It's 18 °C and sunny in Paris right now", 'inputTokenCount']],
    ['converse-agent-loop.mjs', ["According to the weather tool, it's 18 °C and sunny in Paris."]],
    ['vercel-ai.mjs', ['[tool call] get_weather({"city":"Paris"})', "According to the weather tool, it's 18 °C"]],
    ['langchain.mjs', ["Hello! I'm a scripted Claude served by bedrock-emulator"]],
    ['anthropic-sdk.mjs', ['Tokens drift like snow —\nframes leave on their own schedule,\nthe client listens.', 'stop reason end_turn']],
  ])('%s works against the bundled fixtures', async (name, expected) => {
    const stdout = await runExample(name);
    for (const text of expected) expect(stdout).toContain(text);
  });

  it('the README shows every example exactly as it is in examples/ (the testing ones run as tests)', () => {
    const readme = readFileSync(path.join(repoRoot, 'README.md'), 'utf8');
    const shown = [...readme.matchAll(/<!-- example: (\S+) -->\n```(?:js|ts)\n([\s\S]*?)```/g)];
    expect(shown.map((match) => match[1]).sort()).toEqual(
      [
        'anthropic-sdk.mjs',
        'converse-agent-loop.mjs',
        'langchain.mjs',
        'stream-with-aws-sdk.mjs',
        'testing/in-process.test.ts',
        'testing/msw.test.ts',
        'testing/request-handler.test.ts',
        'testing/socket.test.ts',
        'vercel-ai.mjs',
      ].map((name) => `examples/${name}`),
    );
    for (const [, file = '', code] of shown) expect(code).toBe(readFileSync(path.join(repoRoot, file), 'utf8'));
  });
});
