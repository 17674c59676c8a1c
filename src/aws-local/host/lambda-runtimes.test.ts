import { describe, expect, it } from 'vitest';
import { isLambdaRuntime, isPythonRuntime, lambdaRuntimes, unsupportedRuntime } from './lambda-runtimes.ts';

describe('the runtimes the host runs', () => {
  it("are Lambda's managed Node.js and Python runtimes of today", () => {
    expect(lambdaRuntimes).toEqual(['nodejs22.x', 'nodejs24.x', 'python3.11', 'python3.12', 'python3.13', 'python3.14']);
    expect(lambdaRuntimes.filter((runtime) => isPythonRuntime(runtime))).toEqual(['python3.11', 'python3.12', 'python3.13', 'python3.14']);
  });

  it.each([
    ['python3.9', 'Lambda has deprecated it'],
    ['nodejs20.x', 'Lambda has deprecated it'],
    ['python3.15', "it is not one of Lambda's runtimes yet"],
    ['provided.al2023', 'the local host runs Node.js and Python handlers'],
    ['java21', 'the local host runs Node.js and Python handlers'],
    ['cobol', "it is not one of Lambda's runtimes"],
  ])('refuses %s, saying why (%s)', (runtime, reason) => {
    expect(isLambdaRuntime(runtime)).toBe(false);
    expect(unsupportedRuntime(runtime)).toBe(`${runtime} is not supported here: ${reason}; use nodejs22.x, nodejs24.x, python3.11, python3.12, python3.13, python3.14`);
  });
});
