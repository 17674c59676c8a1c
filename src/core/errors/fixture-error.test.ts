import { describe, expect, it } from 'vitest';
import { FixtureError, FixtureProblem } from './fixture-error.ts';

describe('FixtureProblem', () => {
  it('prints the file, the line when known, the field path and the reason', () => {
    expect(String(new FixtureProblem('fixtures/weather.json', '[2].match.model', 'expected a string, got 42', 14))).toBe('fixtures/weather.json:14: [2].match.model: expected a string, got 42');
    expect(String(new FixtureProblem('fixtures/weather.json', '[2].match.model', 'expected a string, got 42'))).toBe('fixtures/weather.json: [2].match.model: expected a string, got 42');
  });

  it('leaves the field path out when the problem is the whole file', () => {
    expect(String(new FixtureProblem('fixtures/broken.json', '', 'not valid JSON', 3))).toBe('fixtures/broken.json:3: not valid JSON');
    expect(String(new FixtureProblem('nothere', '', 'no such file or folder'))).toBe('nothere: no such file or folder');
  });

  it('keeps its parts for a machine to read', () => {
    const problem = new FixtureProblem('a.yaml', 'response.text', 'expected a string', 7);
    expect({ file: problem.file, fieldPath: problem.fieldPath, reason: problem.reason, line: problem.line }).toEqual({ file: 'a.yaml', fieldPath: 'response.text', reason: 'expected a string', line: 7 });
    expect(new FixtureProblem('a.yaml', '', 'x').line).toBeUndefined();
  });
});

describe('FixtureError', () => {
  it('lists one problem under a heading that counts it', () => {
    const error = new FixtureError([new FixtureProblem('fixtures/weather.json', '[1].match.model', 'expected a string, got 42', 1)]);
    expect(error.message).toBe('invalid fixtures (1 problem):\n  fixtures/weather.json:1: [1].match.model: expected a string, got 42');
  });

  it('lists every problem, one a line, in the order found', () => {
    const problems = [new FixtureProblem('b.json', '', 'not valid JSON', 4), new FixtureProblem('a.json', '[0].timing', 'expected one of instant, realistic')];
    const error = new FixtureError(problems);
    expect(error.message).toBe('invalid fixtures (2 problems):\n  b.json:4: not valid JSON\n  a.json: [0].timing: expected one of instant, realistic');
    expect(error.problems).toEqual(problems);
  });

  it('names the kind of file it is about', () => {
    expect(new FixtureError([new FixtureProblem('keys.yaml', 'accountId', 'expected 12 digits')], 'keys file').message).toBe('invalid keys file (1 problem):\n  keys.yaml: accountId: expected 12 digits');
  });

  it('is an Error named FixtureError', () => {
    const error = new FixtureError([new FixtureProblem('a.json', '', 'x')]);
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe('FixtureError');
    expect(String(error)).toBe('FixtureError: invalid fixtures (1 problem):\n  a.json: x');
  });
});
