import { existsSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { isPythonRuntime, nodeRuntimes, pythonRuntimes, type LambdaRuntime } from '../host/lambda-runtimes.ts';
import { defaultPythonRuntime } from '../runners/python-interpreter.ts';

/** A function's handler, found: its runtime, code folder, module file and export. */
export type ResolvedHandler = {
  readonly runtime: LambdaRuntime;
  readonly codeDir: string;
  /** As Lambda's configuration names it, from the code folder: `app.lambda_handler`, `index.handler`. */
  readonly handler: string;
  readonly handlerFile: string;
  readonly handlerExport: string;
  /** A line for the user: the Lambda form of a handler given as FILE#EXPORT for Python. */
  readonly hint: string | undefined;
};

/** What Lambda's Node.js runtime loads a module from, then TypeScript for a local run. */
const nodeExtensions = ['.js', '.mjs', '.cjs', '.ts', '.mts'];
const isFile = (file: string): boolean => existsSync(file) && statSync(file).isFile();

/**
 * Reads a `--handler` in either form (docs/runtimes.md#naming-the-handler):
 * Lambda's `MODULE.FUNCTION`, named from the code folder (default: the
 * current one) — `app.lambda_handler`, `src/app.lambda_handler`,
 * `index.handler` — or `FILE#EXPORT` — `src/handler.ts#handler`,
 * `py/app.py#lambda_handler` (whose code folder is the file's). The runtime
 * is the one given, else told by the module's file: a `.py` is Python (on the
 * machine's python3's version), anything else Node.js.
 *
 * @example
 * await resolveHandler('app.lambda_handler', { runtime: 'python3.12', codeDir: 'fn' }) // { runtime: 'python3.12', codeDir: '/app/fn', handler: 'app.lambda_handler', handlerFile: '/app/fn/app.py', … }
 */
export async function resolveHandler(given: string, options: { readonly runtime?: LambdaRuntime | undefined; readonly codeDir?: string | undefined }): Promise<ResolvedHandler> {
  const hash = given.indexOf('#');
  if (hash >= 0) return resolveFileForm(given.slice(0, hash), given.slice(hash + 1) || undefined, options);
  // A file named alone: its conventional export (`handler`; Python's `lambda_handler`).
  if (isFile(given)) return resolveFileForm(given, undefined, options);
  const codeDir = path.resolve(options.codeDir ?? '.');
  const pythonFile = pythonModuleFile(codeDir, given);
  if (options.runtime !== undefined ? isPythonRuntime(options.runtime) : pythonFile !== undefined) {
    const dot = given.lastIndexOf('.');
    if (dot <= 0) throw new Error(`a Python handler is MODULE.FUNCTION, e.g. app.lambda_handler for the function lambda_handler in app.py; got "${given}"`);
    const runtime = options.runtime ?? (await defaultPythonRuntime(pythonRuntimes, { env: process.env, home: os.homedir() }));
    // A module that is not there is the runtime's to report (Runtime.ImportModuleError), as on Lambda.
    return { runtime, codeDir, handler: given, handlerFile: pythonFile ?? path.join(codeDir, `${given.slice(0, dot).replaceAll('.', '/')}.py`), handlerExport: given.slice(dot + 1), hint: undefined };
  }
  // Node.js splits at the first dot of the file name: the rest may reach into nested exports.
  const folderEnd = given.lastIndexOf('/') + 1;
  const dot = given.indexOf('.', folderEnd);
  const file = dot > 0 ? nodeExtensions.map((extension) => path.join(codeDir, `${given.slice(0, dot)}${extension}`)).find(isFile) : undefined;
  if (file === undefined) {
    throw new Error(
      `no handler module for "${given}" in ${codeDir}: give --handler MODULE.FUNCTION as Lambda names it, from the code folder (app.lambda_handler for app.py, index.handler for index.js), or FILE#EXPORT (src/handler.ts#handler)`,
    );
  }
  return { runtime: options.runtime ?? defaultNodeRuntime(), codeDir, handler: given, handlerFile: file, handlerExport: given.slice(dot + 1), hint: undefined };
}

async function resolveFileForm(file: string, givenExport: string | undefined, options: { readonly runtime?: LambdaRuntime | undefined; readonly codeDir?: string | undefined }): Promise<ResolvedHandler> {
  if (!existsSync(file)) throw new Error(`no handler file at ${file} (from ${process.cwd()}): give --handler <file>#<export>, e.g. src/handler.ts#handler`);
  const handlerFile = path.resolve(file);
  const python = options.runtime !== undefined ? isPythonRuntime(options.runtime) : handlerFile.endsWith('.py');
  const handlerExport = givenExport ?? (python ? 'lambda_handler' : 'handler');
  if (!python) {
    const codeDir = path.resolve(options.codeDir ?? path.dirname(handlerFile));
    return { runtime: options.runtime ?? defaultNodeRuntime(), codeDir, handler: `${path.relative(codeDir, handlerFile).replace(/\.[^.]+$/, '')}.${handlerExport}`, handlerFile, handlerExport, hint: undefined };
  }
  const codeDir = path.resolve(options.codeDir ?? path.dirname(handlerFile));
  const relative = path.relative(codeDir, handlerFile).split(path.sep).join('/');
  if (relative.startsWith('../') || !relative.endsWith('.py')) throw new Error(`${file} is not a .py file inside the code folder ${codeDir}`);
  const module = relative.replace(/(\/__init__)?\.py$/, '');
  const handler = `${module}.${handlerExport}`;
  const relativeFolder = path.relative(process.cwd(), codeDir);
  const folder = relativeFolder === '' ? '.' : relativeFolder.startsWith('..') ? codeDir : relativeFolder;
  return {
    runtime: options.runtime ?? (await defaultPythonRuntime(pythonRuntimes, { env: process.env, home: os.homedir() })),
    codeDir,
    handler,
    handlerFile,
    handlerExport,
    hint: `Lambda names this handler ${handler}, from its code folder ${folder}/ (there: --handler ${handler}); both forms work here`,
  };
}

/** The module file of a Python `MODULE.FUNCTION` (`src/app` or `pkg.app` → `src/app.py`, `pkg/app/__init__.py`), if there is one. */
function pythonModuleFile(codeDir: string, handler: string): string | undefined {
  const dot = handler.lastIndexOf('.');
  if (dot <= 0) return undefined;
  const modulePath = path.join(codeDir, handler.slice(0, dot).replaceAll('.', '/'));
  return [`${modulePath}.py`, path.join(modulePath, '__init__.py')].find(isFile);
}

/** The Node.js runtime this Node stands for. */
function defaultNodeRuntime(): LambdaRuntime {
  const major = `nodejs${process.versions.node.split('.')[0] ?? '22'}.x`;
  return nodeRuntimes.find((runtime) => runtime === major) ?? 'nodejs22.x';
}
