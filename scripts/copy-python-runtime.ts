/**
 * Puts the Python runtime interface client (src/aws-local/runners/python/, .py files that tsc
 * does not emit) beside the built runners in dist/, where the host finds it from the library
 * and from the bundled bin alike (src/aws-local/runners/python-runtime-launch.ts).
 *
 *   node scripts/copy-python-runtime.ts
 */
import { cpSync, existsSync } from 'node:fs';
import path from 'node:path';

const repoRoot = path.join(import.meta.dirname, '..');
const from = path.join(repoRoot, 'src/aws-local/runners/python');
const to = path.join(repoRoot, 'dist/aws-local/runners/python');
if (!existsSync(path.join(to, '..'))) throw new Error(`${path.relative(repoRoot, path.dirname(to))} is missing: run tsc -p tsconfig.build.json first`);
// Sources only: no __pycache__ or a local mypy cache from a developer's run.
cpSync(from, to, { recursive: true, filter: (source) => !/(__pycache__|\.mypy_cache)$/.test(source) && !source.endsWith('.pyc') });
console.log(`${path.relative(repoRoot, to)}: the Python runtime interface client`);
