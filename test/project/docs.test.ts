import { readdirSync, readFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { describe, expect, it } from 'vitest';
import { parseFixtureText } from '../../src/core/fixtures/parse-fixture-text.ts';
import { quotaFileSchema } from '../../src/emulator/call/quotas.ts';
import { keysFileSchema } from '../../src/emulator/auth/auth-policy.ts';
import { modelsFileSchema } from '../../src/apis/model-ids/models-file-schema.ts';
import { checkGuardrails } from '../../src/emulator/guardrails/guardrail-set.ts';

/**
 * The docs are part of the feature: what they show loads, what they link
 * exists, every example they point to is a file the suite runs, and the
 * README stays a page a newcomer reads.
 */
const repoRoot = path.resolve(import.meta.dirname, '../..');
const read = (file: string): string => readFileSync(path.join(repoRoot, file), 'utf8');
const docs = ['README.md', 'CONTRIBUTING.md', ...readdirSync(path.join(repoRoot, 'docs'), { recursive: true, encoding: 'utf8' }).filter((file) => file.endsWith('.md')).map((file) => `docs/${file.split(path.sep).join('/')}`)];

function blocks(file: string, language: 'yaml' | 'json'): string[] {
  return [...read(file).matchAll(new RegExp(`\`\`\`${language}\\n([\\s\\S]*?)\`\`\``, 'g'))].map((match) => match[1] ?? '');
}

/** GitHub's anchor for a heading: lower case, punctuation dropped, spaces to hyphens. */
const slug = (heading: string): string => heading.trim().toLowerCase().replace(/[^\p{L}\p{N}\s-]/gu, '').replace(/\s/g, '-');
const anchorsOf = (file: string): Set<string> => new Set([...read(file).matchAll(/^#{1,6} (.+)$/gm)].map((match) => slug(match[1] ?? '')));

/** The TypeScript of src/, test/ and scripts/, whose comments cite docs pages by path. */
const codeFiles = ['src', 'test', 'scripts'].flatMap((folder) =>
  readdirSync(path.join(repoRoot, folder), { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.ts'))
    .map((file) => `${folder}/${file.split(path.sep).join('/')}`),
);

/**
 * What a file's citations of docs/ get wrong: a page that does not exist, a
 * heading that does not, or a section by number (`§5.6`), which nothing can
 * check; a heading is cited by its anchor.
 */
function citationProblems(file: string): string[] {
  return [...read(file).matchAll(/\bdocs\/[\w./-]*?\.md(?:#([\p{L}\p{N}-]+))?( ?§[\d.]*)?/gu)].flatMap(([citation, anchor, section]) => {
    const page = citation.split('#')[0]?.replace(/ ?§.*$/, '') ?? '';
    if (!existsSync(path.join(repoRoot, page))) return [`${file}: ${citation}: no such page`];
    if (section !== undefined) return [`${file}: ${citation}: cite the heading by its #anchor`];
    return anchor === undefined || anchorsOf(page).has(anchor) ? [] : [`${file}: ${citation}: no such heading`];
  });
}

/** The docs pages docs/README.md does not link, or links more than once (anchors aside). */
function indexProblems(index: string, pages: readonly string[]): string[] {
  const linked = [...index.matchAll(/\]\(([^)\s#]+)[^)\s]*\)/g)]
    .map((match) => match[1] ?? '')
    .filter((target) => !/^[a-z]+:/.test(target))
    .map((target) => path.posix.normalize(path.posix.join('docs', target)));
  return pages.flatMap((page) => {
    const times = linked.filter((target) => target === page).length;
    return times === 1 ? [] : [`${page}: linked ${times} times from docs/README.md; link it once, in the section for its readers`];
  });
}

describe.each(docs)('%s', (file) => {
  it('shows only fixture files that load', async () => {
    for (const block of blocks(file, 'yaml').filter((candidate) => !candidate.startsWith('# quotas.yaml') && !candidate.startsWith('# keys.yaml') && !candidate.startsWith('# models.yaml') && !candidate.startsWith('# guardrails.yaml'))) {
      expect({ block, problems: (await parseFixtureText(block, `${file} block`, 'yaml')).problems.map(String) }).toEqual({ block, problems: [] });
    }
    for (const block of blocks(file, 'json').filter((candidate) => candidate.includes('"response"'))) {
      expect({ block, problems: (await parseFixtureText(block, `${file} block`, 'json')).problems.map(String) }).toEqual({ block, problems: [] });
    }
  });

  it('links only to files and headings that exist', () => {
    const text = read(file);
    for (const [, target = ''] of text.matchAll(/\]\(([^)\s]+)\)/g)) {
      if (/^[a-z]+:/.test(target)) continue;
      const [linked = '', anchor] = target.split('#');
      const resolved = linked === '' ? file : path.posix.normalize(path.posix.join(path.posix.dirname(file), linked));
      expect({ link: target, exists: existsSync(path.join(repoRoot, resolved)) }).toEqual({ link: target, exists: true });
      if (anchor !== undefined && resolved.endsWith('.md')) expect({ link: target, anchor: anchorsOf(resolved).has(anchor) }).toEqual({ link: target, anchor: true });
    }
  });
});

describe('the docs as a whole', () => {
  it('show quota files, and each loads', () => {
    const quotaBlocks = docs.flatMap((file) => blocks(file, 'yaml').filter((candidate) => candidate.startsWith('# quotas.yaml')));
    expect(quotaBlocks.length).toBeGreaterThan(0);
    for (const block of quotaBlocks) expect(quotaFileSchema.safeParse(parseYaml(block)).success).toBe(true);
  });

  it('show models files, each loads, and the one shown is the example the suite runs with', () => {
    const modelBlocks = docs.flatMap((file) => blocks(file, 'yaml').filter((candidate) => candidate.startsWith('# models.yaml')));
    expect(modelBlocks.length).toBeGreaterThan(0);
    for (const block of modelBlocks) expect(modelsFileSchema.safeParse(parseYaml(block)).error).toBeUndefined();
    expect(parseYaml(modelBlocks[0] ?? '')).toEqual(parseYaml(read('examples/model-ids/models.yaml')));
  });

  it('show keys files, and each loads', () => {
    const keyBlocks = docs.flatMap((file) => blocks(file, 'yaml').filter((candidate) => candidate.startsWith('# keys.yaml')));
    expect(keyBlocks.length).toBeGreaterThan(0);
    for (const block of keyBlocks) expect(keysFileSchema.safeParse(parseYaml(block)).error).toBeUndefined();
  });

  it('show guardrails files, and each loads', () => {
    const guardrailBlocks = docs.flatMap((file) => blocks(file, 'yaml').filter((candidate) => candidate.startsWith('# guardrails.yaml')));
    expect(guardrailBlocks.length).toBeGreaterThan(0);
    for (const block of guardrailBlocks) expect(checkGuardrails(parseYaml(block), 'docs').kind).toBe('ok');
  });

  it('link every example, and every example is a file the suite runs', () => {
    const linked = new Set(docs.flatMap((file) => [...read(file).matchAll(/\]\(((?:\.\.\/)*examples\/[^)#\s]+)\)/g)].map((match) => (match[1] ?? '').replace(/^(\.\.\/)+/, ''))));
    const examples = readdirSync(path.join(repoRoot, 'examples'), { recursive: true, encoding: 'utf8' })
      .filter((file) => /\.(mjs|ts|py)$/.test(file))
      .map((file) => `examples/${file.split(path.sep).join('/')}`);
    expect(examples.filter((example) => !linked.has(example))).toEqual([]);
    // .mjs examples run in test/project/examples.test.ts, .py ones in test/project/python-examples.test.ts;
    // .test.ts ones are test files of the e2e project.
    const runners = { '.mjs': read('test/project/examples.test.ts'), '.py': read('test/project/python-examples.test.ts') };
    for (const [extension, runner] of Object.entries(runners)) {
      for (const example of examples.filter((file) => file.endsWith(extension))) expect({ example, run: runner.includes(`'${example.replace(/^examples\//, '')}'`) }).toEqual({ example, run: true });
    }
  });

  it('run the shipped functions from where the package installs them: src/functions/ is not in it', () => {
    const command = /\bbedrock-emulator (?:lambda|rest-api|http-api|websocket-api|stack)\b.*\bsrc\/functions\//;
    const found = docs.flatMap((file) => read(file).split('\n').flatMap((line, index) => (command.test(line) ? [`${file}:${index + 1}: ${line.trim()}`] : [])));
    expect(found).toEqual([]);
  });

  it('index every page in docs/README.md, each once', () => {
    expect(indexProblems(read('docs/README.md'), docs.filter((file) => file.startsWith('docs/') && file !== 'docs/README.md'))).toEqual([]);
  });

  it('say which page the index leaves out, and which it links twice', () => {
    const [a = '', b = '', c = ''] = ['a', 'b', 'c'].map((name) => `docs/${name}.md`);
    expect(indexProblems('[A](a.md) [B](b.md#part) [B again](./b.md)', [a, b, c])).toEqual([
      `${b}: linked 2 times from docs/README.md; link it once, in the section for its readers`,
      `${c}: linked 0 times from docs/README.md; link it once, in the section for its readers`,
    ]);
  });

  it('keep the README short, its two inline examples exactly the files', () => {
    const readme = read('README.md');
    expect(readme.split('\n').length).toBeLessThanOrEqual(250);
    const shown = [...readme.matchAll(/<!-- example: (\S+) -->\n```(?:js|ts)\n([\s\S]*?)```/g)];
    expect(shown.map((match) => match[1])).toEqual(['examples/stream-with-aws-sdk.mjs', 'examples/testing/socket.test.ts']);
    for (const [, file = '', code] of shown) expect(code).toBe(read(file));
  });
});

describe('citations', () => {
  it('in code name docs pages and headings that exist', () => {
    expect(codeFiles.flatMap(citationProblems)).toEqual([]);
  });

  it('name nothing outside the repository', () => {
    // The wire facts and the style notes the project grew from are in docs/ now, in its own words.
    const outside = /\bREFEREN[C]E\b|\bSTYLE\.md\b/;
    const found = [...codeFiles, ...docs].flatMap((file) => read(file).split('\n').flatMap((line, index) => (outside.test(line) ? [`${file}:${index + 1}: ${line.trim()}`] : [])));
    expect(found).toEqual([]);
  });
});
