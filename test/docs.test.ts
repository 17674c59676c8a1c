import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { describe, expect, it } from 'vitest';
import { parseFixtureText } from '../src/fixture-format/parse-fixture-text.ts';
import { quotaFileSchema } from '../src/server/quotas.ts';

/**
 * Every fixture and quota file shown in the docs is valid: a user who copies
 * one gets a file the emulator loads.
 */
const repoRoot = path.resolve(import.meta.dirname, '..');

function blocks(file: string, language: 'yaml' | 'json'): string[] {
  const text = readFileSync(path.join(repoRoot, file), 'utf8');
  return [...text.matchAll(new RegExp(`\`\`\`${language}\\n([\\s\\S]*?)\`\`\``, 'g'))].map((match) => match[1] ?? '');
}

describe.each(['README.md', 'docs/fixtures.md'])('%s', (file) => {
  it('shows only fixtures that load', () => {
    const yamlBlocks = blocks(file, 'yaml');
    const fixtureBlocks = yamlBlocks.filter((block) => !block.startsWith('# quotas.yaml'));
    expect(fixtureBlocks.length).toBeGreaterThan(3);
    for (const block of fixtureBlocks) {
      const { problems } = parseFixtureText(block, `${file} block`, 'yaml');
      expect({ block, problems: problems.map(String) }).toEqual({ block, problems: [] });
    }
    for (const block of blocks(file, 'json').filter((candidate) => candidate.includes('"response"'))) {
      expect(parseFixtureText(block, `${file} block`, 'json').problems.map(String)).toEqual([]);
    }
  });

  it('shows only quota files that load', () => {
    for (const block of blocks(file, 'yaml').filter((candidate) => candidate.startsWith('# quotas.yaml'))) {
      expect(quotaFileSchema.safeParse(parseYaml(block)).success).toBe(true);
    }
  });
});
