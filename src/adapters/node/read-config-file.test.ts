import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readConfigFile } from './read-config-file.ts';

const dir = mkdtempSync(path.join(os.tmpdir(), 'read-config-file-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const file = (name: string, text: string): string => {
  writeFileSync(path.join(dir, name), text);
  return path.join(dir, name);
};
const refusal = (name: string): Promise<string> =>
  readConfigFile(path.join(dir, name), 'keys file').then(
    () => 'read',
    (error: unknown) => (error as Error).message,
  );

describe('readConfigFile', () => {
  it('reads JSON by its extension and YAML otherwise', async () => {
    expect(await readConfigFile(file('a.json', '{"a": [1]}'), 'models file')).toEqual({ a: [1] });
    expect(await readConfigFile(file('a.yaml', 'a:\n  - 1\n'), 'models file')).toEqual({ a: [1] });
  });

  it('names the file and where it breaks, never quoting the line', async () => {
    file('bad.json', '{"secretAccessKey": "super-secret",\n');
    file('bad.yaml', 'credentials:\n  - secretAccessKey: super-secret: value\n');
    const json = await refusal('bad.json');
    expect(json).toMatch(/^invalid keys file \(1 problem\):\n {2}\S+bad\.json: cannot read the keys file: not valid JSON$/);
    const yaml = await refusal('bad.yaml');
    expect(yaml).toMatch(/bad\.yaml: cannot read the keys file: not valid YAML at line 2, column \d+$/);
    for (const message of [json, yaml]) expect(message).not.toContain('super-secret');
    expect(await refusal('nothere.yaml')).toMatch(/nothere\.yaml: cannot read the keys file: no such file$/);
  });
});
