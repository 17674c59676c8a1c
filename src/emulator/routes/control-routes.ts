import type { Context, Hono } from 'hono';
import { parseFixtureText } from '../../core/fixtures/parse-fixture-text.ts';
import type { EmulatorEnv } from '../call/emulator-env.ts';
import type { EmulatorState } from '../call/emulator-state.ts';

/**
 * The emulator's own routes, for test suites in any language. They live under
 * `/_emulator/`: no Bedrock Runtime path starts with an underscore, so they
 * cannot collide with an operation.
 */
export const controlPrefix = '/_emulator';

/** Every control route, for the answer to a path under the prefix that is none of them. */
export const controlRoutes = [`GET ${controlPrefix}/health`, `GET ${controlPrefix}/calls`, `POST ${controlPrefix}/reset`, `GET ${controlPrefix}/fixtures`, `POST ${controlPrefix}/fixtures`];

/** Fixtures posted at run time: 5 MB at most (a fixture file is kilobytes). */
const maxFixtureBodyBytes = 5_000_000;

const tooLarge = (c: Context<EmulatorEnv>): Response =>
  c.json({ message: `fixtures posted at run time are at most ${maxFixtureBodyBytes} bytes` }, 413, { 'x-amzn-ErrorType': 'ValidationException' });

export function registerControlRoutes(app: Hono<EmulatorEnv>, state: EmulatorState): void {
  app.get(`${controlPrefix}/health`, (c) => c.json({ status: 'ok' }));

  app.get(`${controlPrefix}/calls`, (c) => c.json({ calls: state.journal.list() }));

  app.post(`${controlPrefix}/reset`, (c) => {
    state.reset();
    return c.json({ reset: true });
  });

  app.get(`${controlPrefix}/fixtures`, (c) =>
    c.json({
      fixtures: state.fixtures().map((fixture) => ({
        name: fixture.name,
        file: fixture.source.file,
        index: fixture.source.index ?? null,
        line: fixture.source.line ?? null,
        priority: fixture.definition.priority ?? 0,
        uses: state.usesOf(fixture),
      })),
    }),
  );

  // Body: a fixture, a list, or {"fixtures": [...]}, as JSON or (with a YAML content type) YAML.
  app.post(`${controlPrefix}/fixtures`, async (c) => {
    if (Number(c.req.header('content-length') ?? 0) > maxFixtureBodyBytes) return tooLarge(c);
    const text = await c.req.text();
    if (text.length > maxFixtureBodyBytes) return tooLarge(c);
    const format = /yaml/i.test(c.req.header('content-type') ?? '') ? 'yaml' : 'json';
    const { fixtures, problems } = await parseFixtureText(text, 'POST /_emulator/fixtures', format);
    if (problems.length > 0) {
      return c.json({ message: `invalid fixtures (${problems.length})`, problems: problems.map((problem) => problem.toString()) }, 400, { 'x-amzn-ErrorType': 'ValidationException' });
    }
    state.addFixtures(fixtures);
    return c.json({ added: fixtures.length, fixtures: fixtures.map((fixture) => fixture.name) }, 201);
  });
}
