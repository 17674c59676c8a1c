import { describe, expect, it } from 'vitest';
import { matchPath, parsePathTemplate, specificity } from './route-path.ts';

/** The template API Gateway would choose for a path among those given. */
function choose(path: string, templates: string[]): string | undefined {
  return templates
    .map(parsePathTemplate)
    .filter((template) => matchPath(template, path) !== undefined)
    .sort((a, b) => specificity(b) - specificity(a))[0]?.template;
}

describe('route choice', () => {
  it('prefers a literal segment over a parameter, from the left, whatever the length', () => {
    expect(choose('/items/x/y', ['/{a}/{b}/{c}', '/items/{proxy+}'])).toBe('/items/{proxy+}');
    expect(choose('/items/42', ['/{proxy+}', '/items/{id}', '/{kind}/{id}'])).toBe('/items/{id}');
    expect(choose('/items/new', ['/items/{id}', '/items/new'])).toBe('/items/new');
  });

  it('prefers a parameter over a greedy path, and any match over none', () => {
    expect(choose('/a/x/y', ['/a/{proxy+}', '/a/{b}/{c}'])).toBe('/a/{b}/{c}');
    expect(choose('/a/x/y', ['/{proxy+}', '/a/{proxy+}'])).toBe('/a/{proxy+}');
    expect(choose('/b', ['/a/{proxy+}'])).toBeUndefined();
  });

  it('decodes parameters and keeps a greedy path whole', () => {
    expect(matchPath(parsePathTemplate('/files/{path+}'), '/files/a%20b/c')).toEqual({ path: 'a b/c' });
  });
});
