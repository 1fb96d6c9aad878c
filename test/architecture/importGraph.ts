// The import graph of the source tree, read with the TypeScript compiler's own pre-processor (so an
// import-shaped line inside a template string, such as generated Python, is not taken for one),
// and the layers of docs/architecture.md that the architecture tests hold it to.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';

export const ROOT = resolve(__dirname, '..', '..');

/** Source files (repository-relative, forward slashes) under the given folders. */
export function sourceFiles(folders: readonly string[], exts = ['.ts', '.mts', '.mjs', '.js']): string[] {
  const out: string[] = [];
  const walk = (dir: string): void => {
    for (const name of readdirSync(join(ROOT, dir))) {
      const rel = `${dir}/${name}`;
      if (name === 'node_modules' || name === 'results' || name.startsWith('.')) continue;
      if (statSync(join(ROOT, rel)).isDirectory()) walk(rel);
      else if (exts.some((e) => name.endsWith(e)) && !name.endsWith('.d.ts')) out.push(rel);
    }
  };
  for (const f of folders) if (existsSync(join(ROOT, f))) walk(f);
  return out.sort();
}

/** One import of a file: what it names, and the repository file it resolves to (null: a package). */
export interface Import {
  specifier: string;
  target: string | null;
}

function resolveRelative(from: string, specifier: string): string | null {
  const base = join(dirname(from), specifier);
  for (const c of [base, `${base}.ts`, `${base}.mts`, `${base}.js`, `${base}.mjs`, `${base}/index.ts`]) {
    const abs = join(ROOT, c);
    if (existsSync(abs) && statSync(abs).isFile()) return relative(ROOT, abs).split('\\').join('/');
  }
  return null;
}

/** The imports of a file: static imports and re-exports, `import type`, and `import('…')`. */
export function importsOf(file: string): Import[] {
  const text = readFileSync(join(ROOT, file), 'utf8');
  const info = ts.preProcessFile(text, true, true);
  return info.importedFiles.map(({ fileName }) => ({
    specifier: fileName,
    target: fileName.startsWith('.') ? resolveRelative(file, fileName) : null,
  }));
}

/** True for a Node built-in (`node:fs`, `fs`, `path/posix`). */
export function isNodeBuiltin(specifier: string): boolean {
  return specifier.startsWith('node:') || builtinModules.includes(specifier.split('/')[0]!);
}

/**
 * The layers of docs/architecture.md, lowest first. A file may import its own layer and the ones
 * below it, never one above. Every file under src/ must fall in one (a new folder is placed here
 * and in the doc). The webview is not a layer: it may import the protocol, itself, and engine
 * modules that run in a browser (no Node built-in anywhere below them).
 */
export const LAYERS: readonly { name: string; paths: readonly string[] }[] = [
  { name: 'protocol', paths: ['src/protocol/'] },
  {
    name: 'engine base',
    paths: [
      'src/engine/errors.ts',
      'src/engine/types.ts',
      'src/engine/version.ts',
      'src/engine/random.ts',
      'src/engine/extremes.ts',
      'src/engine/format.ts',
    ],
  },
  {
    name: 'engine core',
    paths: [
      'src/engine/data/',
      'src/engine/kernels/',
      'src/engine/losses/',
      'src/engine/metrics.ts',
      'src/engine/models/',
      'src/engine/optim/',
      'src/engine/schedules/',
      'src/engine/surfaces/',
      'src/engine/experiment/',
      'src/engine/verdict/',
      'src/engine/doctor/',
      'src/engine/advice/',
      'src/engine/pyCode/',
    ],
  },
  { name: 'train', paths: ['src/engine/train/', 'src/engine/parallel/', 'src/engine/reference/'] },
  { name: 'runs', paths: ['src/engine/runs/'] },
  { name: 'drivers and outputs', paths: ['src/engine/search/', 'src/engine/export/', 'src/engine/report/'] },
  { name: 'front doors', paths: ['src/cli/', 'src/extension/'] },
];

/** The layer index of a file under src/, or null when no layer holds it. */
export function layerOf(file: string): number | null {
  let best: { index: number; length: number } | null = null;
  LAYERS.forEach((layer, index) => {
    for (const p of layer.paths) {
      const hit = p.endsWith('/') ? file.startsWith(p) : file === p;
      if (hit && (best === null || p.length > best.length)) best = { index, length: p.length };
    }
  });
  return best === null ? null : (best as { index: number }).index;
}

/** The import circles among the files (strongly connected components of more than one file, or a self-import). */
export function circles(files: readonly string[], edges: ReadonlyMap<string, readonly string[]>): string[][] {
  // Tarjan's algorithm, iterative enough for this tree's depth.
  let counter = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const out: string[][] = [];
  const visit = (v: string): void => {
    index.set(v, counter);
    low.set(v, counter);
    counter++;
    stack.push(v);
    onStack.add(v);
    for (const w of edges.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) === index.get(v)) {
      const component: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        component.push(w);
      } while (w !== v);
      if (component.length > 1 || (edges.get(v) ?? []).includes(v)) out.push(component.sort());
    }
  };
  for (const f of files) if (!index.has(f)) visit(f);
  return out;
}
