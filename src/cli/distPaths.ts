// distFile: A file of the build output (dist/worker.js, dist/report.js).
import { existsSync } from 'node:fs';
import { join } from 'node:path';

/**
 * A file of the build output (dist/worker.js, dist/report.js). In the bundled CLI this module sits
 * in dist/ itself; run from source (tests through tsx) it finds the repository's dist/.
 */
export function distFile(name: string): string {
  const candidates = [join(__dirname, name), join(__dirname, '..', '..', 'dist', name)];
  const found = candidates.find((p) => existsSync(p));
  if (!found)
    throw new Error(`${name} is missing: run \`npm run build\` first (looked in ${candidates.join(', ')})`);
  return found;
}
