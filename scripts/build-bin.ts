/**
 * Bundles the CLI into dist/bin/: the package's bin.
 *
 * Why a bundle: started from ~220 separate ES modules (zod alone is 95 of
 * them), Node spends most of a start resolving and linking files; one chunk
 * per command starts in about half the time (docs/benchmarks.md). Commands
 * still load lazily: `start` never parses the Lambda host or YAML until used.
 *
 * The library entry points (dist/index.js, dist/node/…) stay unbundled: they
 * are what users import, deduplicated by their package manager.
 *
 * Third-party code bundled in is listed, with its licence, in
 * dist/bin/THIRD-PARTY-NOTICES.md.
 *
 *   node scripts/build-bin.ts [--out-dir dist/bin]
 */
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { build } from 'rolldown';

const repoRoot = path.join(import.meta.dirname, '..');
const { values } = parseArgs({ options: { 'out-dir': { type: 'string', default: 'dist/bin' } } });
// Inside the package (as a test's build is), so the bin finds its package.json above it.
const outDir = path.resolve(repoRoot, values['out-dir']);

rmSync(outDir, { recursive: true, force: true });
const output = await build({
  input: { 'bedrock-emulator': path.join(repoRoot, 'src/cli/bin.ts') },
  platform: 'node',
  // Our optional peers are resolved at run time, from the user's install:
  // the Lambda runtime interface client, and the local DynamoDB's packages.
  external: [/^node:/, 'aws-lambda-ric', 'dynalite', /^@aws-sdk\//],
  // Packages that ship both builds without an `exports` map are bundled from their ES modules,
  // which can be tree-shaken: @smithy/eventstream-codec's CommonJS build pulled all of
  // @smithy/core's event-streams module into start (~5 ms) for the one class we use. (The same
  // goes for the ones behind `record` and TLS certificates: @smithy/signature-v4, @peculiar/x509,
  // asn1js, tsyringe, pvtsutils.)
  resolve: { mainFields: ['module', 'main'] },
  logLevel: 'warn',
  output: {
    dir: outDir,
    format: 'esm',
    sourcemap: true,
    chunkFileNames: 'chunks/[name]-[hash].js',
  },
});

// Which packages ended up inside the chunks, for their notices.
const bundledPackages = new Map<string, string>();
for (const item of output.output) {
  if (item.type !== 'chunk') continue;
  for (const id of item.moduleIds) {
    const packageDir = /^(.*node_modules\/(?:@[^/]+\/)?[^/]+)\//.exec(id.replaceAll('\\', '/'))?.[1];
    if (packageDir) bundledPackages.set(packageDir.replace(/.*node_modules\//, ''), packageDir);
  }
}
writeFileSync(path.join(outDir, 'THIRD-PARTY-NOTICES.md'), notices(bundledPackages));

const entry = path.join(outDir, 'bedrock-emulator.js');
if (!existsSync(entry) || !readFileSync(entry, 'utf8').startsWith('#!/usr/bin/env node')) throw new Error(`${entry} was not written with its #! line`);
console.log(`${path.relative(repoRoot, outDir)}: ${output.output.filter((item) => item.type === 'chunk').length} chunks, ${bundledPackages.size} bundled packages`);

function notices(packages: Map<string, string>): string {
  const sections = [...packages.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([name, dir]) => {
      const manifest = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as { version: string; license?: string };
      const licenceFile = readdirSync(dir).find((file) => /^(licen[cs]e|copying)(\..*)?$/i.test(file));
      const text = licenceFile ? readFileSync(path.join(dir, licenceFile), 'utf8').trim() : `Licence: ${manifest.license ?? 'see the package'}`;
      return `## ${name} ${manifest.version} (${manifest.license ?? 'unknown'})\n\n\`\`\`\n${text}\n\`\`\``;
    });
  return `# Third-party notices\n\nThe bedrock-emulator command (dist/bin/) bundles the following packages.\n\n${sections.join('\n\n')}\n`;
}

