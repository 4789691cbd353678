/**
 * The import graph of a folder of TypeScript files, and its circles. Every module specifier
 * counts: `import`, `import type`, `export ... from`, side-effect imports and `import()`, read by
 * TypeScript's own pre-processor (so text in comments and strings is not mistaken for one).
 * Only relative specifiers are followed (packages and JSON files are not part of the graph).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';

/** File (relative to the root, with forward slashes) -> the files it imports, in the same form. */
export type ImportGraph = ReadonlyMap<string, readonly string[]>;

/** Every .ts file under `root`, with its text. */
export function readSources(root: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir).sort()) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (name.endsWith('.ts') && !name.endsWith('.d.ts')) out.set(toKey(relative(root, path)), readFileSync(path, 'utf8'));
    }
  };
  walk(root);
  return out;
}

/** The graph of `sources` (keys are paths relative to one root); imports leaving the set are dropped. */
export function importGraph(sources: ReadonlyMap<string, string>): ImportGraph {
  const graph = new Map<string, string[]>();
  for (const [file, text] of sources) {
    const targets: string[] = [];
    for (const { fileName } of ts.preProcessFile(text, true, true).importedFiles) {
      if (!fileName.startsWith('.')) continue;
      const target = resolveSpecifier(file, fileName, sources);
      if (target !== null && !targets.includes(target)) targets.push(target);
    }
    graph.set(file, targets);
  }
  return graph;
}

function resolveSpecifier(from: string, specifier: string, sources: ReadonlyMap<string, string>): string | null {
  const base = toKey(join(dirname(from), specifier));
  for (const candidate of [base, `${base}.ts`, `${base}/index.ts`, base.replace(/\.js$/, '.ts')]) {
    if (sources.has(candidate)) return candidate;
  }
  return null;
}

function toKey(path: string): string {
  return path.split('\\').join('/').replace(/^\.\//, '');
}

/** A set of files that import each other in a circle, and one circle through them. */
export interface ImportCircle {
  /** Every file of the strongly connected component, sorted. */
  readonly files: readonly string[];
  /** A shortest path a -> b -> ... -> a through them, from the first file. */
  readonly path: readonly string[];
}

/**
 * Every circle of the graph: one per strongly connected component with more than one file (or a
 * file importing itself).
 */
export function importCycles(graph: ImportGraph): ImportCircle[] {
  // Tarjan's algorithm, iterative so a deep graph cannot overflow the stack.
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const components: string[][] = [];
  let next = 0;
  for (const start of graph.keys()) {
    if (index.has(start)) continue;
    const work: { node: string; edge: number }[] = [{ node: start, edge: 0 }];
    index.set(start, next);
    low.set(start, next++);
    stack.push(start);
    onStack.add(start);
    while (work.length > 0) {
      const top = work[work.length - 1];
      const edges = graph.get(top.node) ?? [];
      if (top.edge < edges.length) {
        const to = edges[top.edge++];
        if (!index.has(to)) {
          index.set(to, next);
          low.set(to, next++);
          stack.push(to);
          onStack.add(to);
          work.push({ node: to, edge: 0 });
        } else if (onStack.has(to)) {
          low.set(top.node, Math.min(low.get(top.node)!, index.get(to)!));
        }
        continue;
      }
      work.pop();
      if (work.length > 0) {
        const parent = work[work.length - 1].node;
        low.set(parent, Math.min(low.get(parent)!, low.get(top.node)!));
      }
      if (low.get(top.node) === index.get(top.node)) {
        const component: string[] = [];
        let member: string;
        do {
          member = stack.pop()!;
          onStack.delete(member);
          component.push(member);
        } while (member !== top.node);
        const selfLoop = component.length === 1 && edges.includes(top.node);
        if (component.length > 1 || selfLoop) components.push(component.sort());
      }
    }
  }
  return components.map((files) => ({ files, path: cycleThrough(graph, files) }));
}

/** A shortest circle from the component's first file back to itself, staying inside the component. */
function cycleThrough(graph: ImportGraph, component: readonly string[]): string[] {
  const inside = new Set(component);
  const start = component[0];
  const cameFrom = new Map<string, string>();
  const queue = [start];
  for (let i = 0; i < queue.length; i++) {
    const node = queue[i];
    for (const to of graph.get(node) ?? []) {
      if (!inside.has(to)) continue;
      if (to === start) {
        const path = [start];
        for (let at: string | undefined = node; at !== undefined && at !== start; at = cameFrom.get(at)) path.splice(1, 0, at);
        return [...path, start];
      }
      if (!cameFrom.has(to)) {
        cameFrom.set(to, node);
        queue.push(to);
      }
    }
  }
  return [...component, start];
}

/** The engine's folder, from the repository root. */
export const ENGINE_ROOT = resolve(__dirname, '..', '..', '..', 'src', 'engine');
