import fs from 'node:fs';

/** How many files (sockets included) the process may open, and how many it has open. */
type OpenFiles = { readonly limit: number; readonly open: number };

/**
 * The process's open-file limit and how many descriptors it holds now, on
 * Linux (`/proc/self`); `undefined` where that cannot be read (macOS, Windows)
 * or there is no limit. Node raises its soft limit to the hard one when it
 * starts, so this is `ulimit -Hn` of the shell that started it.
 *
 * @example
 * const files = readOpenFiles(); // { limit: 1024, open: 23 }
 */
export function readOpenFiles(): OpenFiles | undefined {
  try {
    const limit = parseOpenFileLimit(fs.readFileSync('/proc/self/limits', 'latin1'));
    return limit === undefined ? undefined : { limit, open: fs.readdirSync('/proc/self/fd').length };
  } catch {
    return undefined;
  }
}

/**
 * The soft limit on the `Max open files` line of a `/proc/<pid>/limits` file
 * (proc(5)); `undefined` when it is `unlimited` or missing.
 *
 * @example
 * parseOpenFileLimit('Max open files            1024                 524288               files'); // 1024
 */
export function parseOpenFileLimit(limits: string): number | undefined {
  const soft = /^Max open files\s+(\S+)/m.exec(limits)?.[1];
  const limit = soft === undefined ? Number.NaN : Number(soft);
  return Number.isSafeInteger(limit) && limit > 0 ? limit : undefined;
}
