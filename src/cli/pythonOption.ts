// pythonOption: `--python PATH`, else OPTIMIZER_LAB_PYTHON, else undefined (the engine's default,
// `python3`).
import type { OptionValues } from './command';

/** `--python PATH`, else OPTIMIZER_LAB_PYTHON, else undefined (the engine's default, `python3`). */
export function pythonOption(values: OptionValues): string | undefined {
  const given = values['python'];
  if (typeof given === 'string' && given !== '') return given;
  return process.env['OPTIMIZER_LAB_PYTHON'] || undefined;
}

/** The help text of `--python`, shared by the commands that run pytorch models. */
export const PYTHON_HELP = `  --python PATH  The Python that runs a pytorch model (default: $OPTIMIZER_LAB_PYTHON, else python3);
                 it needs torch (pip install torch, or apt-get install python3-torch).`;
