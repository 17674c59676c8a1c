/**
 * Puts beside the built chat-websocket function (dist/functions/chat-websocket/) the files it
 * runs and deploys with, so the installed package has what the docs point at:
 * `bedrock-emulator stack node_modules/bedrock-emulator/dist/functions/chat-websocket/template.yaml`
 * runs it, and `sam build` works from that folder as from the sources'. The only change is the
 * template's esbuild entry point: the built index.js there, the index.ts of the sources here.
 *
 *   node scripts/copy-function-files.ts
 */
import { copyFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const repoRoot = path.join(import.meta.dirname, '..');
const from = path.join(repoRoot, 'src/functions/chat-websocket');
const to = path.join(repoRoot, 'dist/functions/chat-websocket');
if (!existsSync(path.join(to, 'index.js'))) throw new Error(`${path.relative(repoRoot, to)}/index.js is missing: run tsc -p tsconfig.build.json first`);

const template = readFileSync(path.join(from, 'template.yaml'), 'utf8');
const entryPoint = /^(\s+- )index\.ts$/m;
if (template.split('\n').filter((line) => entryPoint.test(line)).length !== 1) throw new Error('src/functions/chat-websocket/template.yaml: expected one esbuild entry point `- index.ts` to point at the built index.js');
writeFileSync(path.join(to, 'template.yaml'), template.replace(entryPoint, '$1index.js'));
copyFileSync(path.join(from, 'package.json'), path.join(to, 'package.json'));
console.log(`${path.relative(repoRoot, to)}: template.yaml, package.json`);
