import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkArchitecture, cyclesOf, folderGraph, importsOf, type Rules } from '../support/architecture-rules.ts';
import { undocumentedAreas } from '../support/area-docs.ts';

/**
 * The architecture as an explicit graph (docs/architecture.md): the wings of
 * `src/` — a pure core, one module per API, the emulator, the adapters, the
 * recorder, the local AWS stack, the CLI, the shipped functions — and inside
 * each the areas that may import one another, and the packages each may use.
 * Pure areas do no I/O and use no Node built-in. Nothing outside the local
 * AWS stack points into it but the CLI.
 */
const pure = (may: string[], packages: string[] = []) => ({ may, packages, pure: true });
const node = (may: string[], packages: string[] = []) => ({ may, packages, pure: false });

const core = ['core', 'core/errors', 'core/event-stream', 'core/playback', 'core/fixtures', 'core/planning', 'core/recording'];
const apis = ['apis', 'apis/model-ids', 'apis/invoke-model', 'apis/converse', 'apis/chat-completions', 'apis/responses', 'apis/anthropic-messages', 'apis/count-tokens'];
const emulatorParts = ['emulator/auth', 'emulator/guardrails', 'emulator/journal', 'emulator/call', 'emulator/routes'];

export const rules: Rules = {
  areas: {
    // The core: framing, errors, time, the fixture format, planning. Pure, and needs nothing else of ours.
    'core/errors': pure([]),
    'core/event-stream': pure([], ['@smithy/eventstream-codec', '@smithy/core']),
    'core/playback': pure([]),
    'core/fixtures': pure(['core', 'core/errors'], ['zod', 'yaml', 're2js']),
    'core/planning': pure(['core/errors', 'core/fixtures'], ['zod']),
    // A recorded answer on its way back to a fixture: what each API's reader fills.
    'core/recording': pure(['core/fixtures']),
    core: pure(['core/event-stream']),
    // One module per API: its request parser, renderer, joins and error shape.
    'apis/model-ids': pure(['core/errors', 'core/fixtures'], ['zod']),
    'apis/chat-completions': pure([...core, 'apis/model-ids'], ['zod']),
    'apis/invoke-model': pure([...core, 'apis/model-ids', 'apis/chat-completions'], ['zod']),
    'apis/converse': pure([...core, 'apis/model-ids', 'apis/invoke-model'], ['zod']),
    'apis/responses': pure([...core, 'apis/model-ids', 'apis/chat-completions'], ['zod']),
    'apis/anthropic-messages': pure([...core, 'apis/invoke-model'], []),
    'apis/count-tokens': pure([...core, 'apis/invoke-model', 'apis/converse'], []),
    apis: pure([...core, ...apis.filter((area) => area !== 'apis')], []),
    // The emulator: who a caller is, guardrails, the journal, a call's steps, the routes; the Hono app. No sockets, no files.
    'emulator/auth': pure(['core/errors', 'core/fixtures', 'apis/model-ids'], ['zod']),
    'emulator/guardrails': pure(['core/errors', 'core/fixtures'], ['zod']),
    'emulator/journal': pure(['core/errors', 'core/fixtures', 'core/playback'], []),
    'emulator/call': pure([...core, ...apis, 'emulator/auth', 'emulator/guardrails', 'emulator/journal'], ['hono', 'zod']),
    'emulator/routes': pure([...core, ...apis, 'emulator/auth', 'emulator/guardrails', 'emulator/journal', 'emulator/call'], ['hono']),
    emulator: pure([...core, ...apis, ...emulatorParts], ['hono', 'zod']),
    // Adapters: the emulator on Node (one HTTP stack for every port, files), in msw, in vitest.
    'adapters/http': node(['core/playback'], ['@hono/node-server']),
    'adapters/node': node([...core, 'apis/model-ids', 'emulator', ...emulatorParts, 'adapters/http'], ['yaml']),
    'adapters/in-process': node(['emulator'], ['@hono/node-server']),
    'adapters/msw': node(['emulator', 'adapters/in-process'], ['msw']),
    'adapters/vitest': node(['core/fixtures', 'emulator', 'emulator/journal', 'adapters/node', 'adapters/msw', 'adapters/in-process'], ['vitest', 'msw']),
    // The recording proxy: re-signs with the AWS SDK's signer, forwards, writes fixtures.
    recorder: node([...core, ...apis, 'emulator', 'emulator/call', 'adapters/node', 'adapters/http'], ['@smithy/eventstream-codec', '@smithy/signature-v4', '@smithy/hash-node', '@smithy/core']),
    // The local AWS stack: the Lambda host as a web-standard app (host), running handlers
    // (runners), API Gateway's front doors (gateway), their Node composition (node), SAM
    // templates (stack). It shares the HTTP stack, never the emulator.
    'aws-local/host': pure(['core/event-stream', 'core/playback', 'adapters/http'], ['hono']),
    'aws-local/runners': node(['core/playback', 'aws-local/host', 'adapters/http'], ['hono']),
    'aws-local/gateway': pure(['core', 'core/event-stream', 'core/playback', 'aws-local/host', 'adapters/http'], ['hono']),
    'aws-local/node': node(['core', 'core/playback', 'aws-local/host', 'aws-local/runners', 'aws-local/gateway', 'adapters/http'], ['ws', 'selfsigned']),
    'aws-local/stack': node(['core', 'aws-local/node', 'aws-local/host', 'aws-local/gateway', 'adapters/http'], ['yaml', 'zod', '@aws-sdk/client-dynamodb', 'dynalite']),
    cli: node([...core, ...apis, 'emulator', ...emulatorParts, 'adapters/node', 'adapters/http', 'recorder', 'aws-local/host', 'aws-local/node', 'aws-local/stack'], ['commander', 'yaml', '@aws-sdk/credential-providers']),
    // The shipped Lambda handlers: user code that deploys unchanged.
    functions: node([], ['@aws-sdk/*']),
  },
  entries: {
    'index.ts': pure([...core, 'apis/model-ids', 'emulator', ...emulatorParts]),
  },
  runtimeImports: {
    'aws-local/runners/in-process-runner.ts': "loads the user's handler module, as the Lambda runtime does",
  },
};

const srcDir = path.resolve(import.meta.dirname, '../../src');
const architecturePage = path.resolve(import.meta.dirname, '../../docs/architecture.md');

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
    ['a side-effect import of Node in a pure area', { 'core/playback/a.ts': "import 'node:fs';" }, /core\/playback\/a\.ts \(core\/playback\): side-effect import of node:fs: a pure area does no I\/O/],
    ['a bare built-in', { 'adapters/node/a.ts': "import fs from 'fs';" }, /adapters\/node\/a\.ts \(adapters\/node\): static import of fs: write node:fs/],
    ['hono in a pure layer that may not use it', { 'core/planning/a.ts': "import { Hono } from 'hono';" }, /core\/planning may not use the package hono/],
    ['a top-level file that is no entry', { 'helpers.ts': 'export const x = 1;' }, /helpers\.ts: a top-level file that is not a package entry/],
    ['a folder in no area', { 'utils/a.ts': 'export const x = 1;' }, /utils\/a\.ts: its folder is in no area/],
    ['a dynamic import reaching up', { 'apis/converse/a.ts': "const routes = await import('../../emulator/routes/b.ts');", 'emulator/routes/b.ts': '' }, /apis\/converse\/a\.ts \(apis\/converse\): dynamic import of \.\.\/\.\.\/emulator\/routes\/b\.ts reaches emulator\/routes, which apis\/converse may not import/],
    ['a dynamic import that cannot be read (outside the listed exceptions)', { 'cli/a.ts': 'await import(process.argv[2]);' }, /a dynamic import whose specifier is not a string literal cannot be checked/],
    ['an import between two APIs the graph does not allow', { 'apis/invoke-model/a.ts': "import { b } from '../converse/b.ts';", 'apis/converse/b.ts': '' }, /reaches apis\/converse, which apis\/invoke-model may not import/],
    ['the core importing an API', { 'core/planning/a.ts': "import { b } from '../../apis/converse/b.ts';", 'apis/converse/b.ts': '' }, /reaches apis\/converse, which core\/planning may not import/],
    ["the local AWS stack importing the emulator", { 'aws-local/node/a.ts': "import { createEmulator } from '../../emulator/create-emulator.ts';", 'emulator/create-emulator.ts': '' }, /reaches emulator, which aws-local\/node may not import/],
    ['an arrow into the local AWS stack from outside it (not the CLI)', { 'adapters/node/a.ts': "import { b } from '../../aws-local/host/b.ts';", 'aws-local/host/b.ts': '' }, /reaches aws-local\/host, which adapters\/node may not import/],
    ['a pure area loading a Node area by value', { 'aws-local/host/a.ts': "import { listen } from '../../adapters/http/listen.ts';", 'adapters/http/listen.ts': "import http from 'node:http';" }, /loads adapters\/http, which uses Node; a pure area may only import its types/],
    ['a type-only import reaching up', { 'core/event-stream/a.ts': "import type { Call } from '../../emulator/call/call.ts';", 'emulator/call/call.ts': '' }, /type-only import of \.\.\/\.\.\/emulator\/call\/call\.ts reaches emulator\/call/],
    ['require', { 'adapters/node/a.ts': "const fs = require('node:fs');" }, /require\('node:fs'\): the package is ESM/],
    ['a shipped function using our internals', { 'functions/chat/index.ts': "import { x } from '../../emulator/call/x.ts';", 'emulator/call/x.ts': '' }, /functions\/chat\/index\.ts \(functions\): static import of \.\.\/\.\.\/emulator\/call\/x\.ts reaches emulator\/call/],
    ['a shipped function using another package', { 'functions/chat/index.ts': "import { Hono } from 'hono';" }, /functions may not use the package hono/],
    ['a cycle between files', { 'core/planning/a.ts': "import { b } from './b.ts';", 'core/planning/b.ts': "import { c } from './c.ts';", 'core/planning/c.ts': "import { a } from './a.ts';" }, /import cycle: core\/planning\/a\.ts → core\/planning\/b\.ts → core\/planning\/c\.ts → core\/planning\/a\.ts/],
    ['a cycle between files made of types', { 'core/planning/a.ts': "import type { B } from './b.ts';\nexport type A = 1;", 'core/planning/b.ts': "import type { A } from './a.ts';\nexport type B = 2;" }, /import cycle: core\/planning\/a\.ts → core\/planning\/b\.ts → core\/planning\/a\.ts/],
    ['a cycle between sibling folders inside an area', { 'aws-local/gateway/rest/a.ts': "import { b } from '../websocket/b.ts';", 'aws-local/gateway/websocket/b.ts': "import type { C } from '../rest/c.ts';", 'aws-local/gateway/rest/c.ts': 'export type C = 1;' }, /folder cycle: aws-local\/gateway\/rest → aws-local\/gateway\/websocket → aws-local\/gateway\/rest/],
    ["a cycle between a folder's own files and a folder inside it", { 'apis/invoke-model/families.ts': "import { f } from './claude/f.ts';", 'apis/invoke-model/claude/f.ts': "import type { M } from '../model-family.ts';", 'apis/invoke-model/model-family.ts': 'export type M = 1;' }, /folder cycle: apis\/invoke-model\/ → apis\/invoke-model\/claude → apis\/invoke-model\//],
  ])('catches %s', (_name, tree, expected) => {
    const violations = checkArchitecture(new Map(Object.entries(tree)), rules);
    expect(violations.some((violation) => expected.test(violation)), violations.join('\n')).toBe(true);
  });

  it('lets an area import itself, one way', () => {
    const tree = { 'core/planning/a.ts': "import type { B } from './b.ts';\nexport type A = 1;", 'core/planning/b.ts': 'export type B = 2;', 'apis/invoke-model/families.ts': "import { f } from './claude/f.ts';", 'apis/invoke-model/claude/f.ts': "import type { M } from '../format/m.ts';", 'apis/invoke-model/format/m.ts': 'export type M = 1;' };
    expect(checkArchitecture(new Map(Object.entries(tree)), rules)).toEqual([]);
  });

  it('says what each area holds: a one-paragraph README.md in its folder, or a row of docs/architecture.md', () => {
    const areas = Object.keys(rules.areas).filter((area) => existsSync(path.join(srcDir, area)));
    const readmes = new Map(areas.filter((area) => existsSync(path.join(srcDir, area, 'README.md'))).map((area) => [area, readFileSync(path.join(srcDir, area, 'README.md'), 'utf8')]));
    expect(undocumentedAreas(areas, readmes, readFileSync(architecturePage, 'utf8'))).toEqual([]);
  });

  it('walks a request through files that exist', () => {
    const named = [...readFileSync(architecturePage, 'utf8').matchAll(/`((?:[\w-]+\/)+[\w-]+\.ts)`/g)].map(([, file = '']) => file.replace(/^src\//, ''));
    expect(named.length).toBeGreaterThan(0);
    expect(named.filter((file) => !existsSync(path.join(srcDir, file)))).toEqual([]);
  });

  // Each case breaks the rule once: the check must say so.
  it.each<[string, Map<string, string>, string, RegExp]>([
    ['an area with neither', new Map(), '| `core/errors/` | errors | — |', /src\/core\/fixtures\/: no README\.md, and no row of docs\/architecture\.md names `core\/fixtures\/`/],
    ['an area whose README says it in more than one paragraph', new Map([['core/fixtures', '# Fixtures\n\nThe format.\n\nAnd its matchers.\n']]), '| `core/errors/` | errors | — |', /src\/core\/fixtures\/README\.md: 2 paragraphs/],
    ['a row naming a folder that is no area', new Map(), '| `core/errors/` | errors | — |\n| `core/fixtures/` | the format | — |\n| `fixture-format/` | the old name | — |', /a row names `fixture-format\/`, which is no area of src\//],
  ])('catches %s', (_name, readmes, page, expected) => {
    const violations = undocumentedAreas(['core/errors', 'core/fixtures'], readmes, page);
    expect(violations.some((violation) => expected.test(violation)), violations.join('\n')).toBe(true);
  });

  it('takes a row or a one-paragraph README.md, whichever the area has', () => {
    expect(undocumentedAreas(['core/errors', 'core/fixtures'], new Map([['core/fixtures', '# Fixtures\n\nThe fixture format, its matchers, and fixture selection.\n']]), '| `core/errors/` | errors | — |')).toEqual([]);
  });

  it('draws the arrows between folders at the level where they meet', () => {
    const graph = folderGraph(
      new Map([
        ['emulator/call/a.ts', ['core/fixtures/b.ts', 'emulator/journal/c.ts']],
        ['apis/invoke-model/families.ts', ['apis/invoke-model/claude/d.ts']],
        ['apis/invoke-model/claude/d.ts', ['apis/invoke-model/format/e.ts']],
      ]),
    );
    expect(Object.fromEntries(graph)).toEqual({ emulator: ['core'], 'emulator/call': ['emulator/journal'], 'apis/invoke-model/': ['apis/invoke-model/claude'], 'apis/invoke-model/claude': ['apis/invoke-model/format'] });
  });
});
