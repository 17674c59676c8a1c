import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { expect, it } from 'vitest';
import { startEmulator } from '../src/node/start-emulator.ts';

const repoRoot = path.resolve(import.meta.dirname, '..');

it('the README example streams the bundled weather fixture with the AWS SDK', async () => {
  const server = await startEmulator({ fixturePaths: [path.join(repoRoot, 'fixtures')], timeScale: 0.1 });
  try {
    const { stdout } = await promisify(execFile)(process.execPath, [path.join(repoRoot, 'examples/stream-with-aws-sdk.mjs')], {
      env: { ...process.env, AWS_ENDPOINT_URL_BEDROCK_RUNTIME: server.url },
    });
    expect(stdout).toContain("It's 18 °C and sunny in Paris right now");
    expect(stdout).toMatch(/inputTokenCount: \d+/);
  } finally {
    await server.close();
  }
});
