// configText: The run's configuration as the text the user edits (every torch default filled, one line).
import { applyEdits, modify } from 'jsonc-parser';
import { optimizerConfigSchema, type OptimizerConfig } from '../protocol/optimizers';

/**
 * "Re-run with edited hyperparameters": the run's optimizer configuration is edited as JSON, checked
 * with the experiment schema's own optimizer rules as the user types, and written into a copy of
 * the original experiment file that runs only that configuration. The copy is made with
 * jsonc-parser edits, so the rest of the file keeps its layout.
 */

/** The run's configuration as the text the user edits (every torch default filled, one line). */
export function configText(config: Record<string, unknown>): string {
  return JSON.stringify(config);
}

/** Parses an edited configuration; the message names the first problem the way the schema words it. */
export function parseConfigEdit(
  text: string,
): { ok: true; config: OptimizerConfig } | { ok: false; message: string } {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    return { ok: false, message: `not valid JSON: ${(e as Error).message}` };
  }
  const parsed = optimizerConfigSchema.safeParse(json);
  if (parsed.success) return { ok: true, config: parsed.data };
  const first = parsed.error.issues[0]!;
  const path = first.path.length ? `${first.path.join('.')}: ` : '';
  return { ok: false, message: `${path}${first.message}` };
}

/** The original experiment text with `optimizers` replaced by the one edited configuration and a new name. */
export function rerunExperimentText(original: string, name: string, config: OptimizerConfig): string {
  const options = { formattingOptions: { insertSpaces: true, tabSize: 2, eol: '\n' } };
  let text = applyEdits(original, modify(original, ['optimizers'], [config], options));
  text = applyEdits(text, modify(text, ['name'], name, options));
  return text;
}

/** `iris-optimizers.optlab.json` → `iris-optimizers-rerun.optlab.json` (then `-rerun-2`, ...), not yet taken. */
export function rerunFileName(experimentFile: string, exists: (name: string) => boolean): string {
  const base = (experimentFile.split(/[\\/]/).pop() ?? experimentFile).replace(/\.optlab\.json$|\.json$/, '');
  for (let i = 1; ; i++) {
    const name = `${base}-rerun${i === 1 ? '' : `-${i}`}.optlab.json`;
    if (!exists(name)) return name;
  }
}
