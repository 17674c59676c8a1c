import { isBuiltin } from 'node:module';
import path from 'node:path';
import ts from 'typescript';

/**
 * One area of `src/`: a folder (or a sub-folder with rules of its own), the
 * areas it may import, the packages it may use, and whether it is pure (no
 * Node built-ins, and a value import of a Node area is not allowed either).
 */
export type Area = {
  readonly may: readonly string[];
  readonly packages: readonly string[];
  readonly pure: boolean;
};

export type Rules = {
  /** Areas by folder, relative to the source root; the longest matching folder owns a file. */
  readonly areas: Readonly<Record<string, Area>>;
  /** Top-level files that may exist (the package entries), with the rules they follow. */
  readonly entries: Readonly<Record<string, Area>>;
  /** Files that import a module named at run time (a user's handler), with why: each is a deliberate exception. */
  readonly runtimeImports: Readonly<Record<string, string>>;
};

export type ImportKind = 'static' | 'type-only' | 'side-effect' | 'dynamic' | 're-export' | 'require';
export type FoundImport = { readonly specifier: string | undefined; readonly kind: ImportKind };

/**
 * Every import of a source file, read by the TypeScript parser: static,
 * type-only, side-effect (`import 'x'`), re-exports, dynamic `import()`
 * (specifier undefined when it is not a string literal) and `require()`.
 *
 * @example
 * importsOf('src/a.ts', "import 'node:fs';") // [{ specifier: 'node:fs', kind: 'side-effect' }]
 */
export function importsOf(fileName: string, text: string): FoundImport[] {
  const source = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const found: FoundImport[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier)) {
      const clause = node.importClause;
      const typeOnly = clause !== undefined && (clause.isTypeOnly || (clause.name === undefined && clause.namedBindings !== undefined && ts.isNamedImports(clause.namedBindings) && clause.namedBindings.elements.length > 0 && clause.namedBindings.elements.every((element) => element.isTypeOnly)));
      found.push({ specifier: node.moduleSpecifier.text, kind: clause === undefined ? 'side-effect' : typeOnly ? 'type-only' : 'static' });
    } else if (ts.isExportDeclaration(node) && node.moduleSpecifier !== undefined && ts.isStringLiteral(node.moduleSpecifier)) {
      found.push({ specifier: node.moduleSpecifier.text, kind: node.isTypeOnly ? 'type-only' : 're-export' });
    } else if (ts.isCallExpression(node)) {
      const [argument] = node.arguments;
      const literal = argument !== undefined && ts.isStringLiteralLike(argument) ? argument.text : undefined;
      if (node.expression.kind === ts.SyntaxKind.ImportKeyword) found.push({ specifier: literal, kind: 'dynamic' });
      else if (ts.isIdentifier(node.expression) && node.expression.text === 'require') found.push({ specifier: literal, kind: 'require' });
    } else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument) && ts.isStringLiteral(node.argument.literal)) {
      found.push({ specifier: node.argument.literal.text, kind: 'type-only' });
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

/** The package a bare specifier names: `@scope/name` or `name`. */
function packageOf(specifier: string): string {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : (parts[0] ?? specifier);
}

/** The area that owns a file (relative path, `/` separators): the longest area folder that contains it. */
export function areaOf(rules: Rules, file: string): string | undefined {
  if (!file.includes('/')) return Object.hasOwn(rules.entries, file) ? file : undefined;
  return Object.keys(rules.areas)
    .filter((folder) => file.startsWith(`${folder}/`))
    .sort((a, b) => b.length - a.length)[0];
}

const areaRules = (rules: Rules, area: string): Area | undefined => rules.areas[area] ?? rules.entries[area];

/**
 * Checks a source tree (relative path → text) against the rules and
 * returns every violation as a sentence: an area importing one it may not, a
 * pure area using Node (or a Node area by value), a package an area may not
 * use, a bare built-in (`fs` for `node:fs`), `require`, a dynamic import that
 * cannot be read, a file outside every area, and import cycles.
 *
 * @example
 * checkArchitecture(new Map([['playback/a.ts', "import 'node:fs';"]]), rules)
 */
export function checkArchitecture(files: ReadonlyMap<string, string>, rules: Rules): string[] {
  const violations: string[] = [];
  /** Imports between files (every kind but dynamic), for the cycle check. */
  const edges = new Map<string, string[]>();
  /** Every import between files, for the folder graph. */
  const folderImports = new Map<string, string[]>();
  for (const [file, text] of files) {
    const area = areaOf(rules, file);
    const own = area === undefined ? undefined : areaRules(rules, area);
    if (area === undefined || own === undefined) {
      violations.push(file.includes('/') ? `${file}: its folder is in no area of the architecture (add it to the rules, with what it may import)` : `${file}: a top-level file that is not a package entry; put it in a folder`);
      continue;
    }
    const targets: string[] = [];
    const folderTargets: string[] = [];
    for (const { specifier, kind } of importsOf(file, text)) {
      const label = `${file} (${area})`;
      if (specifier === undefined) {
        if (kind === 'dynamic' && Object.hasOwn(rules.runtimeImports, file)) continue;
        violations.push(`${label}: a ${kind} import whose specifier is not a string literal cannot be checked`);
        continue;
      }
      if (kind === 'require') {
        violations.push(`${label}: require('${specifier}'): the package is ESM; use import`);
        continue;
      }
      if (specifier.startsWith('.')) {
        const target = path.posix.normalize(path.posix.join(path.posix.dirname(file), specifier));
        const targetArea = areaOf(rules, target);
        // Every kind of import is an arrow, type-only ones too: a cycle of types is a cycle of meaning.
        if (files.has(target)) {
          if (kind !== 'dynamic') targets.push(target);
          folderTargets.push(target);
        }
        if (targetArea === undefined || targetArea === area) continue;
        if (!own.may.includes(targetArea)) {
          violations.push(`${label}: ${kind} import of ${specifier} reaches ${targetArea}, which ${area} may not import (it may import: ${own.may.join(', ') || 'nothing of ours'})`);
        } else if (own.pure && kind !== 'type-only' && areaRules(rules, targetArea)?.pure === false) {
          violations.push(`${label}: ${kind} import of ${specifier} loads ${targetArea}, which uses Node; a pure area may only import its types`);
        }
        continue;
      }
      if (isBuiltin(specifier) && !specifier.startsWith('node:')) {
        violations.push(`${label}: ${kind} import of ${specifier}: write node:${specifier}`);
        continue;
      }
      if (specifier.startsWith('node:')) {
        if (own.pure && kind !== 'type-only') violations.push(`${label}: ${kind} import of ${specifier}: a pure area does no I/O and uses no Node built-in`);
        continue;
      }
      const name = packageOf(specifier);
      const allowed = own.packages.some((pattern) => (pattern.endsWith('/*') ? name.startsWith(pattern.slice(0, -1)) : name === pattern));
      if (!allowed) violations.push(`${label}: ${kind} import of ${specifier}: ${area} may not use the package ${name} (it may use: ${own.packages.join(', ') || 'none'})`);
    }
    edges.set(file, targets);
    folderImports.set(file, folderTargets);
  }
  for (const cycle of cyclesOf(edges)) violations.push(`import cycle: ${[...cycle, cycle[0]].join(' → ')}`);
  for (const cycle of cyclesOf(folderGraph(folderImports))) violations.push(`folder cycle: ${[...cycle, cycle[0]].join(' → ')} (arrows between folders must all point one way)`);
  return violations;
}

/**
 * The arrows between folders that imports make, at every level: an import
 * from `a/b/x.ts` of `a/c/y.ts` is an arrow `a/b` → `a/c`; one from
 * `a/x.ts` of `a/c/y.ts` an arrow from `a/` (the files of `a` itself) to
 * `a/c`, and back from `a/c` to `a/` the other way. Folders in different
 * wings meet at the top: `emulator/call` → `core/fixtures` is `emulator` →
 * `core`. A cycle in this graph is a cycle between folders, whichever files
 * make it.
 *
 * @example
 * folderGraph(new Map([['a/b/x.ts', ['a/c/y.ts']]])) // Map { 'a/b' => ['a/c'] }
 */
export function folderGraph(imports: ReadonlyMap<string, readonly string[]>): Map<string, string[]> {
  const graph = new Map<string, Set<string>>();
  for (const [file, targets] of imports) {
    for (const target of targets) {
      const from = file.split('/').slice(0, -1);
      const to = target.split('/').slice(0, -1);
      let shared = 0;
      while (shared < from.length && shared < to.length && from[shared] === to[shared]) shared += 1;
      if (shared === from.length && shared === to.length) continue;
      // The child of the folders' common parent on each side; the parent's own files when a side is the parent.
      const node = (parts: string[]): string => (parts.length > shared ? parts.slice(0, shared + 1).join('/') : `${parts.join('/')}/`);
      const edge = [node(from), node(to)] as const;
      if (!graph.has(edge[0])) graph.set(edge[0], new Set());
      graph.get(edge[0])?.add(edge[1]);
    }
  }
  return new Map([...graph].map(([folder, targets]) => [folder, [...targets]]));
}

/** The cycles of a directed graph (Tarjan's strongly connected components of more than one node, or a self-loop). */
export function cyclesOf(edges: ReadonlyMap<string, readonly string[]>): string[][] {
  let index = 0;
  const indices = new Map<string, number>();
  const lowLinks = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const cycles: string[][] = [];
  const connect = (node: string): void => {
    indices.set(node, index);
    lowLinks.set(node, index);
    index += 1;
    stack.push(node);
    onStack.add(node);
    for (const next of edges.get(node) ?? []) {
      if (!indices.has(next)) {
        connect(next);
        lowLinks.set(node, Math.min(lowLinks.get(node) ?? 0, lowLinks.get(next) ?? 0));
      } else if (onStack.has(next)) {
        lowLinks.set(node, Math.min(lowLinks.get(node) ?? 0, indices.get(next) ?? 0));
      }
    }
    if (lowLinks.get(node) !== indices.get(node)) return;
    const component: string[] = [];
    for (let member = stack.pop(); member !== undefined; member = stack.pop()) {
      onStack.delete(member);
      component.push(member);
      if (member === node) break;
    }
    if (component.length > 1 || (edges.get(node) ?? []).includes(node)) cycles.push(component.reverse());
  };
  for (const node of [...edges.keys()].sort()) if (!indices.has(node)) connect(node);
  return cycles;
}
