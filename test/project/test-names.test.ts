import { readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * A unit test sits beside the module it tests and is named after it
 * (`x.test.ts` beside `x.ts`), so a reader finds a module's tests by its name
 * and a test's subject by its own. A test named after no module hides which
 * file it covers.
 */
function testsNamedAfterNoModule(files: readonly string[]): string[] {
  const present = new Set(files);
  return files.filter((file) => file.endsWith('.test.ts') && !present.has(file.replace(/\.test\.ts$/, '.ts')));
}

const srcDir = path.resolve(import.meta.dirname, '../../src');

describe('unit test names', () => {
  it('finds a test named after no module, and not one beside its module', () => {
    expect(testsNamedAfterNoModule(['core/a.ts', 'core/a.test.ts', 'core/b-variants.test.ts', 'apis/c.test.ts', 'core/c.ts'])).toEqual(['core/b-variants.test.ts', 'apis/c.test.ts']);
  });

  it('names every src/**/x.test.ts after an x.ts beside it', () => {
    const files = readdirSync(srcDir, { recursive: true, encoding: 'utf8' }).map((file) => file.split(path.sep).join('/'));
    expect(files.filter((file) => file.endsWith('.test.ts')).length).toBeGreaterThan(0);
    expect(testsNamedAfterNoModule(files)).toEqual([]);
  });
});
