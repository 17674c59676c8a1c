#!/usr/bin/env node
import { enableCompileCache } from 'node:module';

// Node keeps the compiled code on disk from the first run, so later starts skip
// compiling it (NODE_DISABLE_COMPILE_CACHE=1 turns that off). It covers only
// modules loaded after this line, hence the dynamic import below.
enableCompileCache();
const { main } = await import('./main.ts');

// The process's side of the CLI: its streams, its signals, its exit code.
const stop = new AbortController();
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => stop.abort());
process.exitCode = await main(process.argv.slice(2), {
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
  stop: stop.signal,
});
