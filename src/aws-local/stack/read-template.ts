import { existsSync, statSync } from 'node:fs';
import { open } from 'node:fs/promises';
import path from 'node:path';
import { parseTemplate } from './parse-template.ts';
import { TemplateError } from './template-error.ts';
import { formatCount, templateLimits } from './template-limits.ts';
import type { StackModel } from './template-model.ts';

/**
 * Reads a SAM / CloudFormation template file into the model a local stack
 * starts from: the I/O edge around `parseTemplate`. Handler modules are
 * found beside the template: CodeUri relative to the template's folder, then
 * the Handler's module with the first ending that exists (.js, .mjs, .cjs,
 * .ts, .mts for Node.js; .py or a package's /__init__.py for Python).
 *
 * @throws TemplateError when the file is missing or the template has problems.
 * @example
 * const model = await readTemplate('template.yaml');
 * model.webSocketApis[0]?.routes.map((route) => route.routeKey) // ['$connect', '$disconnect', '$default']
 */
export async function readTemplate(file: string): Promise<StackModel> {
  const text = await readTemplateText(file);
  const folder = path.dirname(path.resolve(file));
  return parseTemplate(text, {
    file,
    resolveHandler(codeUri, module, endings) {
      const base = path.resolve(folder, codeUri, module);
      return endings.map((ending) => path.resolve(`${base}${ending}`)).find((candidate) => existsSync(candidate) && statSync(candidate).isFile());
    },
  });
}

async function readTemplateText(file: string): Promise<string> {
  try {
    const bytes = await readAtMost(file, templateLimits.maxBytes + 1);
    if (bytes.length > templateLimits.maxBytes) {
      const limit = formatCount(templateLimits.maxBytes);
      throw new TemplateError([{ path: file, message: `is larger than ${limit} bytes (1 MiB), the most \`bedrock-emulator stack\` reads and more than CloudFormation takes (1 MB); make the template smaller` }]);
    }
    return new TextDecoder().decode(bytes);
  } catch (error) {
    if (error instanceof TemplateError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    const message =
      code === 'ENOENT'
        ? 'no such file; give the path of a SAM or CloudFormation template, e.g. template.yaml'
        : code === 'EISDIR'
          ? 'is a folder; give the template file inside it, e.g. template.yaml'
          : `cannot be read: ${(error as Error).message}`;
    throw new TemplateError([{ path: file, message }]);
  }
}

/** The file's first `limit` bytes, or all of it when shorter: a huge file, or one that never ends (`/dev/zero`), is not read whole. */
async function readAtMost(file: string, limit: number): Promise<Uint8Array> {
  const handle = await open(file, 'r');
  try {
    const buffer = new Uint8Array(limit);
    let filled = 0;
    while (filled < limit) {
      const { bytesRead } = await handle.read(buffer, filled, limit - filled);
      if (bytesRead === 0) break;
      filled += bytesRead;
    }
    return buffer.subarray(0, filled);
  } finally {
    await handle.close();
  }
}
