// Engine modules as the CLI and the extension run them: bundled by esbuild into one file, rather
// than loaded file by file through tsx as the bench itself is.
import { buildSync } from 'esbuild';
import { createRequire } from 'node:module';
import { join } from 'node:path';

/**
 * Bundles `exports` (export names by source file, relative to the repository root) into one CommonJS
 * file in `tmp`, with the options of scripts/build.mjs, and loads it. Why: under tsx every module is
 * compiled to CommonJS on its own, so each call across files goes through an export getter; the
 * shipped bundles have one scope and direct calls. A hot loop that calls across files (the CSV
 * reader calling the decimal scanner per field) measured ~25% more CPU that way, which is the
 * bench's harness, not the product.
 */
export function bundled<T>(root: string, tmp: string, name: string, exports: Record<string, string[]>): T {
  const contents = Object.entries(exports)
    .map(([file, names]) => `export { ${names.join(', ')} } from ${JSON.stringify(join(root, file))};`)
    .join('\n');
  return createRequire(__filename)(bundle(root, tmp, name, contents)) as T;
}

/**
 * Bundles the script `file` (relative to the repository root) as {@link bundled} bundles modules,
 * into one CommonJS file in `tmp` that `node` can run, and returns that file's path.
 */
export function bundledScript(root: string, tmp: string, name: string, file: string): string {
  return bundle(root, tmp, name, `import ${JSON.stringify(join(root, file))};`);
}

/** esbuild with scripts/build.mjs's options, from `contents` to `tmp/<name>.bundle.cjs`. */
function bundle(root: string, tmp: string, name: string, contents: string): string {
  const outfile = join(tmp, `${name}.bundle.cjs`);
  buildSync({
    stdin: { contents, resolveDir: root, loader: 'ts', sourcefile: `${name}.bundle.ts` },
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    mainFields: ['module', 'main'],
    logLevel: 'warning',
    outfile,
  });
  return outfile;
}
