import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

/** What Node says when it loads a file written as an ES module as CommonJS. */
const esmAsCommonJs = /Cannot use import statement outside a module|Unexpected token 'export'/;

/**
 * Why a handler written as an ES module failed to load as one, and what to
 * change: its `package.json` says `"type": "commonjs"` (what `npm init -y`
 * writes since npm 11), or it is a `.cjs`/`.cts` file, so Node loads it as
 * CommonJS and stops at its first `import` or `export`. `undefined` when the
 * message is not that, or the file is loaded as an ES module anyway.
 *
 * @example
 * moduleFormatProblem('src/handler.ts', 'Cannot use import statement outside a module')
 * // 'src/handler.ts is an ES module (it uses import/export), but /app/package.json says "type": "commonjs", …'
 */
export function moduleFormatProblem(handlerFile: string, message: string): string | undefined {
  if (!esmAsCommonJs.test(message)) return undefined;
  const extension = path.extname(handlerFile);
  const renamed = `${handlerFile.slice(0, handlerFile.length - extension.length)}${/^\.c?ts$/.test(extension) ? '.mts' : '.mjs'}`;
  if (extension === '.cjs' || extension === '.cts') {
    return `${handlerFile} is an ES module (it uses import/export), but its ${extension} extension makes Node load it as CommonJS: rename it to ${renamed}.`;
  }
  if (extension !== '.js' && extension !== '.ts') return undefined;
  const packageFile = nearestPackageFile(path.dirname(path.resolve(handlerFile)));
  if (packageFile === undefined || packageType(packageFile) !== 'commonjs') return undefined;
  return `${handlerFile} is an ES module (it uses import/export), but ${packageFile} says "type": "commonjs" (npm init -y writes that), so Node loads it as CommonJS: set "type": "module" in ${packageFile}, or rename the handler to ${renamed}.`;
}

/**
 * The error to report for a handler that failed to load: one that says what
 * to change when it is an ES module loaded as CommonJS, else the error itself.
 *
 * @example
 * await import(url).catch((error) => { throw explainModuleFormat(error, file); });
 */
export function explainModuleFormat(error: unknown, handlerFile: string): unknown {
  const problem = error instanceof Error ? moduleFormatProblem(handlerFile, error.message) : undefined;
  return problem === undefined ? error : new Error(problem, { cause: error });
}

/** The `package.json` Node reads for a file in this folder: the nearest one up the tree. */
function nearestPackageFile(folder: string): string | undefined {
  for (let current = folder; ; current = path.dirname(current)) {
    const candidate = path.join(current, 'package.json');
    if (existsSync(candidate)) return candidate;
    if (path.dirname(current) === current) return undefined;
  }
}

function packageType(packageFile: string): unknown {
  try {
    return (JSON.parse(readFileSync(packageFile, 'utf8')) as { type?: unknown }).type;
  } catch {
    return undefined;
  }
}
