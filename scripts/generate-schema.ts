/**
 * `npm run schema`: writes schema/fixture.schema.json from the fixture schema.
 * A test fails when the committed file differs, so run this after changing
 * the format.
 */
import { mkdir, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fixtureJsonSchema, fixtureJsonSchemaPath } from '../src/core/fixtures/fixture-json-schema.ts';

const target = path.resolve(import.meta.dirname, '..', fixtureJsonSchemaPath);
await mkdir(path.dirname(target), { recursive: true });
const temporary = `${target}.${process.pid}.tmp`;
await writeFile(temporary, `${JSON.stringify(fixtureJsonSchema(), null, 2)}\n`);
await rename(temporary, target);
console.log(`wrote ${fixtureJsonSchemaPath}`);
