#!/usr/bin/env node
import module from 'node:module';

// Said first, in syntax any Node runs: an older Node would otherwise fail later, on a `.ts` handler
// or a missing API, with a message that does not say why.
const [major = 0, minor = 0] = process.versions.node.split('.').map(Number);
if (major < 22 || (major === 22 && minor < 12)) {
  process.stderr.write(
    `bedrock-emulator: needs Node.js 22.12 or later, and this is ${process.version}. ` +
      'It serves the Lambda runtimes nodejs22.x and nodejs24.x and runs TypeScript handlers with Node’s own type stripping. ' +
      'Install Node 22 or 24 for the machine (for example `nvm install 22`), or for this project alone: ' +
      '`npm i -D node@22`, then run `npx bedrock-emulator …` or an npm script, which use the project’s Node.\n',
  );
  process.exit(1);
}

// Node keeps the compiled code on disk from the first run, so later starts skip
// compiling it (NODE_DISABLE_COMPILE_CACHE=1 turns that off). It covers only
// modules loaded after this line, hence the dynamic import below.
module.enableCompileCache();
const { main } = await import('./main.ts');

// The process's side of the CLI: its streams, its signals, its exit code.
const stop = new AbortController();
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => stop.abort());
// npm (npx, npm exec, npm run) starts a bin through `sh -c` and forwards SIGINT and SIGTERM to that
// shell only; a shell that does not exec its command (dash, the sh of Debian and Ubuntu) dies of the
// signal without passing it on (npm/cli#5776), and this process would serve on, orphaned. Under npm,
// the parent going away is a stop too.
if (process.env['npm_lifecycle_event'] !== undefined) {
  const parent = process.ppid;
  const watch = setInterval(() => {
    if (process.ppid !== parent) stop.abort();
  }, 250).unref();
  stop.signal.addEventListener('abort', () => clearInterval(watch), { once: true });
}
process.exitCode = await main(process.argv.slice(2), {
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
  stop: stop.signal,
});
