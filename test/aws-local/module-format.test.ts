import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.ts';
import { temporaryDir } from '../support/temporary-dir.ts';

/** A handler written as an ES module, as the docs and AWS's examples write it. */
const esmHandler = "import { setTimeout as sleep } from 'node:timers/promises';\nexport async function handler() {\n  await sleep(1);\n  return { statusCode: 200, body: 'ok' };\n}\n";

/** A project as `npm init -y` (npm 11) leaves it — `"type": "commonjs"` — with an ES module handler in `src/`. */
function commonJsProject(handlerName = 'handler.ts'): { dir: string; handler: string; packageFile: string } {
  const dir = temporaryDir();
  mkdirSync(path.join(dir, 'src'));
  const packageFile = path.join(dir, 'package.json');
  writeFileSync(packageFile, JSON.stringify({ name: 'my-function', version: '1.0.0', main: 'index.js', type: 'commonjs' }, null, 2));
  const handler = path.join(dir, 'src', handlerName);
  writeFileSync(handler, esmHandler);
  return { dir, handler, packageFile };
}

/**
 * The CLI spawned on the real Node: in this test process, vitest loads modules itself and would take
 * the ES module whatever its package.json says.
 */
describe.each(['in-process', 'runtime'] as const)('an ES module handler in a "type": "commonjs" project, %s mode', (mode) => {
  it('lambda does not start, says to set "type": "module" or rename the file, and the fix works', async () => {
    const { handler, packageFile } = commonJsProject();
    const refused = runCli(['lambda', '--handler', `${handler}#handler`, '--port', '0', '--mode', mode]);
    expect(await refused.exited).toBe(1);
    // Node's own warning and, in runtime mode, the runtime client's log come first; then the one line.
    expect(refused.output().stderr).toContain(
      `bedrock-emulator: ${handler} is an ES module (it uses import/export), but ${packageFile} says "type": "commonjs" (npm init -y writes that), so Node loads it as CommonJS: set "type": "module" in ${packageFile}, or rename the handler to ${handler.replace(/\.ts$/, '.mts')}.\n`,
    );
    writeFileSync(packageFile, JSON.stringify({ name: 'my-function', type: 'module' }));
    const fixed = runCli(['lambda', '--handler', `${handler}#handler`, '--port', '0', '--mode', mode]);
    const url = await fixed.listening();
    expect(await (await fetch(url, { method: 'POST' })).text()).toBe('ok');
  });

  it('says to rename a .cjs file written as an ES module', async () => {
    const { handler } = commonJsProject('handler.cjs');
    const refused = runCli(['lambda', '--handler', `${handler}#handler`, '--port', '0', '--mode', mode]);
    expect(await refused.exited).toBe(1);
    expect(refused.output().stderr).toContain(`${handler} is an ES module (it uses import/export), but its .cjs extension makes Node load it as CommonJS: rename it to ${handler.replace(/\.cjs$/, '.mjs')}.`);
  });

  it('stack says the same for a template\'s function', async () => {
    const { dir, packageFile } = commonJsProject();
    const template = path.join(dir, 'template.yaml');
    writeFileSync(template, ['Transform: AWS::Serverless-2016-10-31', 'Resources:', '  Fn:', '    Type: AWS::Serverless::Function', '    Properties:', '      CodeUri: src/', '      Handler: handler.handler', '      Runtime: nodejs22.x', '      FunctionUrlConfig: { AuthType: NONE }'].join('\n'));
    const refused = runCli(['stack', template, '--port', '0', '--mode', mode]);
    expect(await refused.exited).toBe(1);
    expect(refused.output().stderr).toContain(`so Node loads it as CommonJS: set "type": "module" in ${packageFile}`);
  });
});
