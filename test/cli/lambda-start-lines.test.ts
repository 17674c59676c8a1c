import { describe, expect, it } from 'vitest';
import { runMain } from '../support/run-main.ts';

/** What `lambda` says when it starts: the function's name, as its help promises, and where its Bedrock calls go. */
describe('bedrock-emulator lambda, its start lines', () => {
  it('names the function after the handler file by default, as --help says, and says so', async () => {
    const help = runMain(['lambda', '--help']);
    expect(await help.exitCode).toBe(0);
    expect(help.output().stdout.replace(/\s+/g, ' ')).toContain("--function-name <name> the function's name (default: the handler file's name, or its folder's for an index file)");

    // The file is test/aws-local/handlers/semantics.ts: its name, not its folder's ("handlers").
    const byFile = runMain(['lambda', '--handler', 'test/aws-local/handlers/semantics.ts#streaming', '--port', '0', '-e', 'AWS_ENDPOINT_URL_BEDROCK_RUNTIME=http://127.0.0.1:9']);
    await byFile.listening();
    expect(byFile.output().stdout).toContain('function semantics (in-process, RESPONSE_STREAM, timeout 3 s)\n');
    expect(await byFile.stop()).toBe(0);

    // An index file is named after its folder.
    const byFolder = runMain(['lambda', '--handler', 'src/functions/chat-stream/index.ts#handler', '--port', '0', '-e', 'AWS_ENDPOINT_URL_BEDROCK_RUNTIME=http://127.0.0.1:9']);
    await byFolder.listening();
    expect(byFolder.output().stdout).toContain('function chat-stream (in-process, RESPONSE_STREAM, timeout 3 s)\n');
    expect(await byFolder.stop()).toBe(0);
  });

  it('says which Bedrock endpoint the function calls when -e gives it', async () => {
    const run = runMain(['lambda', '--handler', 'test/aws-local/handlers/semantics.ts#streaming', '--port', '0', '-e', 'AWS_ENDPOINT_URL_BEDROCK_RUNTIME=http://127.0.0.1:9', '-e', 'MODEL_ID=x']);
    await run.listening();
    expect(run.output().stdout.split('\n')[0]).toBe('Bedrock for the functions: http://127.0.0.1:9 (AWS_ENDPOINT_URL_BEDROCK_RUNTIME from --env)');
    expect(await run.stop()).toBe(0);
  });
});
