import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkArchitecture, cyclesOf, importsOf, type Rules } from './support/architecture-rules.ts';

/**
 * The architecture of STYLE.md as an explicit graph: which area of `src/`
 * may import which, and which packages it may use. Pure areas do no I/O and
 * use no Node built-in; adapters (http, node, msw, in-process, vitest,
 * lambda, cli) do. The shipped functions are user code: the AWS SDK and
 * Node only. See docs/architecture.md.
 */
const pure = (may: string[], packages: string[] = []) => ({ may, packages, pure: true });
const node = (may: string[], packages: string[] = []) => ({ may, packages, pure: false });

export const rules: Rules = {
  areas: {
    // The pure core: framing, errors, time.
    errors: pure([]),
    eventstream: pure([], ['@smithy/eventstream-codec', '@smithy/core']),
    playback: pure([]),
    // What a fixture is and how one is chosen; how a response is planned.
    'fixture-format': pure(['errors'], ['zod', 'yaml', 're2js']),
    planning: pure(['errors', 'fixture-format'], ['zod']),
    // Each API's formats: model families (InvokeModel) and Converse.
    models: pure(['errors', 'fixture-format', 'planning'], ['zod']),
    converse: pure(['errors', 'fixture-format', 'planning', 'models'], ['zod']),
    // Who a caller is (SigV4, API keys) and what it may call: Web Crypto, no sockets.
    auth: pure(['errors', 'fixture-format', 'models'], ['zod']),
    // Guardrails: their definitions and the deterministic assessment (no model, no I/O).
    guardrails: pure(['errors', 'fixture-format'], ['zod']),
    // OpenAI's Chat Completions as Bedrock serves it: requests, chunks, errors.
    openai: pure(['errors', 'fixture-format', 'models', 'planning'], ['zod']),
    // Anthropic's own Messages API as Mantle serves it: body, events, errors.
    'anthropic-api': pure(['errors', 'models'], []),
    // The app: routes, the request path, the journal. No sockets, no files.
    server: pure(['errors', 'eventstream', 'fixture-format', 'planning', 'models', 'converse', 'openai', 'anthropic-api', 'playback', 'auth', 'guardrails'], ['hono', 'zod']),
    // A recorded call → a fixture: the answer's events, its timing, the matcher.
    recording: pure(['errors', 'fixture-format'], []),
    // Adapters.
    http: node(['playback'], ['@hono/node-server']),
    node: node(['errors', 'fixture-format', 'models', 'server', 'http', 'auth', 'guardrails'], ['yaml']),
    'in-process': node(['server'], ['@hono/node-server']),
    msw: node(['server', 'in-process'], ['msw']),
    vitest: node(['fixture-format', 'server', 'node', 'msw', 'in-process'], ['vitest', 'msw']),
    // The Lambda host: never the emulator's server, only the shared HTTP stack. Its
    // app and contracts are web-standard (host/); only the runners and the
    // composition that starts them use Node.
    lambda: node(['lambda/host', 'lambda/runners', 'gateway', 'playback', 'http'], ['ws', 'selfsigned']),
    'lambda/host': pure(['eventstream', 'playback', 'http'], ['hono']),
    'lambda/runners': node(['lambda/host', 'http'], ['hono']),
    // API Gateway's front doors, web-standard like the Lambda host's app: events, result
    // mapping, routes, the @connections API. They invoke functions through lambda/host.
    gateway: pure(['lambda/host', 'eventstream', 'playback', 'http'], ['hono']),
    // A template's functions, APIs and tables, started locally (`bedrock-emulator stack`).
    stack: node(['lambda', 'lambda/host', 'gateway', 'http'], ['yaml', 'zod', '@aws-sdk/client-dynamodb', 'dynalite']),
    // The recording proxy: re-signs with the AWS SDK's signer, forwards, writes fixtures.
    record: node(['errors', 'fixture-format', 'models', 'converse', 'openai', 'anthropic-api', 'server', 'node', 'http', 'recording'], ['@smithy/eventstream-codec', '@smithy/signature-v4', '@smithy/hash-node', '@smithy/core']),
    cli: node(['errors', 'fixture-format', 'planning', 'server', 'node', 'lambda', 'lambda/host', 'gateway', 'stack', 'record', 'recording'], ['commander', 'yaml', '@aws-sdk/credential-providers']),
    functions: node([], ['@aws-sdk/*']),
  },
  entries: {
    'index.ts': pure(['errors', 'fixture-format', 'planning', 'models', 'playback', 'server', 'auth', 'guardrails']),
  },
  runtimeImports: {
    'lambda/runners/in-process-runner.ts': "loads the user's handler module, as the Lambda runtime does",
  },
};

const srcDir = path.resolve(import.meta.dirname, '../src');

function sourceTree(): Map<string, string> {
  const files = readdirSync(srcDir, { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.ts') && !file.endsWith('.test.ts'))
    .map((file) => file.split(path.sep).join('/'));
  return new Map(files.map((file) => [file, readFileSync(path.join(srcDir, file), 'utf8')]));
}

/** The areas' own graph, for the cycle check of the rules themselves. */
const areaGraph = new Map(Object.entries(rules.areas).map(([area, rule]) => [area, [...rule.may]]));

describe('architecture', () => {
  it('holds for src/', () => {
    expect(checkArchitecture(sourceTree(), rules)).toEqual([]);
  });

  it('has no cycle in the graph it allows', () => {
    expect(cyclesOf(areaGraph)).toEqual([]);
  });

  it('reads every kind of import', () => {
    const text = [
      "import a from 'a';",
      "import type { B } from 'b';",
      "import { type C } from 'c';",
      "import 'd';",
      "export { e } from 'e';",
      "export type { F } from 'f';",
      "const g = await import('g');",
      "const h = require('h');",
      'type I = import("i").I;',
      'const j = await import(name);',
    ].join('\n');
    expect(importsOf('x.ts', text)).toEqual([
      { specifier: 'a', kind: 'static' },
      { specifier: 'b', kind: 'type-only' },
      { specifier: 'c', kind: 'type-only' },
      { specifier: 'd', kind: 'side-effect' },
      { specifier: 'e', kind: 're-export' },
      { specifier: 'f', kind: 'type-only' },
      { specifier: 'g', kind: 'dynamic' },
      { specifier: 'h', kind: 'require' },
      { specifier: 'i', kind: 'type-only' },
      { specifier: undefined, kind: 'dynamic' },
    ]);
  });

  // Each case is a small source tree that breaks one rule: the check must say so.
  it.each<[string, Record<string, string>, RegExp]>([
    ['a side-effect import of Node in a pure area', { 'playback/a.ts': "import 'node:fs';" }, /playback\/a\.ts \(playback\): side-effect import of node:fs: a pure area does no I\/O/],
    ['a bare built-in', { 'node/a.ts': "import fs from 'fs';" }, /node\/a\.ts \(node\): static import of fs: write node:fs/],
    ['hono in a pure layer that may not use it', { 'planning/a.ts': "import { Hono } from 'hono';" }, /planning may not use the package hono/],
    ['a top-level file that is no entry', { 'helpers.ts': 'export const x = 1;' }, /helpers\.ts: a top-level file that is not a package entry/],
    ['a folder in no area', { 'utils/a.ts': 'export const x = 1;' }, /utils\/a\.ts: its folder is in no area/],
    ['a dynamic import reaching up', { 'models/a.ts': "const server = await import('../server/b.ts');", 'server/b.ts': '' }, /models\/a\.ts \(models\): dynamic import of \.\.\/server\/b\.ts reaches server, which models may not import/],
    ['a dynamic import that cannot be read (outside the listed exceptions)', { 'cli/a.ts': 'await import(process.argv[2]);' }, /a dynamic import whose specifier is not a string literal cannot be checked/],
    ['an import inside a layer that the graph does not allow', { 'models/a.ts': "import { b } from '../converse/b.ts';", 'converse/b.ts': '' }, /reaches converse, which models may not import/],
    ['the Lambda host importing the emulator\'s server', { 'lambda/a.ts': "import { createEmulator } from '../server/create-emulator.ts';", 'server/create-emulator.ts': '' }, /reaches server, which lambda may not import/],
    ['a pure area loading a Node area by value', { 'lambda/host/a.ts': "import { listen } from '../../http/listen.ts';", 'http/listen.ts': "import http from 'node:http';" }, /loads http, which uses Node; a pure area may only import its types/],
    ['a type-only import reaching up', { 'eventstream/a.ts': "import type { Call } from '../server/call.ts';", 'server/call.ts': '' }, /type-only import of \.\.\/server\/call\.ts reaches server/],
    ['require', { 'node/a.ts': "const fs = require('node:fs');" }, /require\('node:fs'\): the package is ESM/],
    ['a shipped function using our internals', { 'functions/chat/index.ts': "import { x } from '../../server/x.ts';", 'server/x.ts': '' }, /functions\/chat\/index\.ts \(functions\): static import of \.\.\/\.\.\/server\/x\.ts reaches server/],
    ['a shipped function using another package', { 'functions/chat/index.ts': "import { Hono } from 'hono';" }, /functions may not use the package hono/],
    ['a cycle', { 'planning/a.ts': "import { b } from './b.ts';", 'planning/b.ts': "import { c } from './c.ts';", 'planning/c.ts': "import { a } from './a.ts';" }, /import cycle: planning\/a\.ts → planning\/b\.ts → planning\/c\.ts → planning\/a\.ts/],
  ])('catches %s', (_name, tree, expected) => {
    const violations = checkArchitecture(new Map(Object.entries(tree)), rules);
    expect(violations.some((violation) => expected.test(violation)), violations.join('\n')).toBe(true);
  });

  it('lets type-only imports form no cycle, and lets an area import itself', () => {
    const tree = { 'planning/a.ts': "import type { B } from './b.ts';\nexport type A = 1;", 'planning/b.ts': "import type { A } from './a.ts';\nexport type B = 2;" };
    expect(checkArchitecture(new Map(Object.entries(tree)), rules)).toEqual([]);
  });
});
