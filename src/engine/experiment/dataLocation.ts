// Where an experiment's data file really is, against the folder it may read from.
import { realpath } from 'node:fs/promises';
import { dirname, isAbsolute, relative, resolve, basename, join } from 'node:path';

/** A path with every symlink resolved; a file that does not exist yet resolves through its folder. */
async function real(path: string): Promise<string> {
  try {
    return await realpath(path);
  } catch {
    const parent = dirname(path);
    if (parent === path) return path;
    return join(await real(parent), basename(path));
  }
}

/**
 * True when `path` lies inside `folder` once symlinks are resolved on both sides, so `../..`, an
 * absolute path and a link that points out of the folder are all outside.
 */
export async function isInsideFolder(path: string, folder: string): Promise<boolean> {
  const rel = relative(await real(resolve(folder)), await real(resolve(path)));
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
}
