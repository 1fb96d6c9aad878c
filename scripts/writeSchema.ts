// Writes dist/optlab.schema.json, the JSON Schema VS Code uses for *.optlab.json files (package.json
// jsonValidation). Run by scripts/build.mjs after the bundles.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { experimentJsonSchema } from '../src/engine/experiment/jsonSchema';

const out = resolve(process.argv[2] ?? 'dist/optlab.schema.json');
mkdirSync(dirname(out), { recursive: true });
writeFileSync(out, `${JSON.stringify(experimentJsonSchema(), null, 2)}\n`);
console.log(`schema: wrote ${out}`);
