// Writes dist/optlab.schema.json (the full JSON Schema of experiment files, for `$schema` in other
// editors) and dist/optlab.editor.schema.json (the one VS Code uses, package.json jsonValidation:
// help without verdicts, since the extension reports the problems). Run by scripts/build.mjs.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { editorJsonSchema } from '../src/engine/experiment/editorSchema';
import { experimentJsonSchema } from '../src/engine/experiment/jsonSchema';

const out = resolve(process.argv[2] ?? 'dist/optlab.schema.json');
const editorOut = join(dirname(out), 'optlab.editor.schema.json');
mkdirSync(dirname(out), { recursive: true });
writeFileSync(out, `${JSON.stringify(experimentJsonSchema(), null, 2)}\n`);
writeFileSync(editorOut, `${JSON.stringify(editorJsonSchema(), null, 2)}\n`);
console.log(`schema: wrote ${out} and ${editorOut}`);
