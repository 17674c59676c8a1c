import { existsSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parseTemplate } from './parse-template.ts';
import { handlerExtensions } from './read-function.ts';
import { TemplateError } from './template-error.ts';
import type { StackModel } from './template-model.ts';

/**
 * Reads a SAM / CloudFormation template file into the model a local stack
 * starts from: the I/O edge around `parseTemplate`. Handler modules are
 * found beside the template: CodeUri relative to the template's folder, then
 * the Handler's module with the first of .js, .mjs, .cjs, .ts, .mts that exists.
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
    resolveHandler(codeUri, module) {
      const base = path.resolve(folder, codeUri, module);
      return handlerExtensions.map((extension) => `${base}${extension}`).find((candidate) => existsSync(candidate) && statSync(candidate).isFile());
    },
  });
}

async function readTemplateText(file: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
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
