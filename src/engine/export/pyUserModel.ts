// The exports of a run on a user's own PyTorch model: the scripts import the user's factory (and
// loss) from the model file instead of writing an nn.Sequential, and start from the run's recorded
// initial parameters.
import { basename, extname } from 'node:path';
import type { ParamTensor } from '../models/model';
import { pyStr } from '../pyCode/pyLiteral';

/** The pytorch model of a run spec. */
export interface UserModel {
  type: 'pytorch';
  path: string;
  factory: string;
  loss: string | null;
  /** The data function (model.data), when the file supplies the data. */
  data?: string | undefined;
}

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;
// Python's keywords match IDENTIFIER but cannot be imported by name (`from class import …`).
const KEYWORDS = new Set(
  'False None True and as assert async await break class continue def del elif else except finally for from global if import in is lambda nonlocal not or pass raise return try while with yield'.split(
    ' ',
  ),
);
const importable = (name: string) => IDENTIFIER.test(name) && !KEYWORDS.has(name);

/**
 * `from model import build_model as user_factory` (with the loss as `loss_fn` and the data function
 * as `user_data` when the run used them), or importlib when a name is no Python identifier (read
 * with getattr of a string literal, so a record's text never becomes code). `path` is the model
 * file as the script names it: relative to the script's folder (HERE) when the export knows where
 * it is saved (portablePath), so the folder can move with the model.
 */
export function userModelImports(m: UserModel, path: string): string {
  const module = basename(m.path, extname(m.path));
  const used: [string, string][] = [
    [m.factory, 'user_factory'],
    ...(m.loss ? ([[m.loss, 'loss_fn']] as [string, string][]) : []),
    ...(m.data ? ([[m.data, 'user_data']] as [string, string][]) : []),
  ];
  const lines = [
    `MODEL_FILE = HERE / ${pyStr(path)}  # your model (the experiment's model.path), relative to this script's folder`,
    'sys.path.insert(0, str(MODEL_FILE.parent))  # the model may import its neighbours',
  ];
  if ([module, ...used.map(([name]) => name)].every(importable)) {
    const names = used.map(([name, as]) => `${name} as ${as}`);
    lines.push(`from ${module} import ${names.join(', ')}  # noqa: E402`);
  } else {
    lines.push(
      'import importlib.util  # noqa: E402',
      `_spec = importlib.util.spec_from_file_location(${pyStr(module)}, MODEL_FILE)`,
      '_user_module = importlib.util.module_from_spec(_spec)',
      '_spec.loader.exec_module(_user_module)',
      ...used.map(([name, as]) => `${as} = getattr(_user_module, ${pyStr(name)})`),
    );
  }
  return lines.join('\n');
}

/**
 * `build_model(initial_params, seed)` for a user model: the factory called as the runner calls it
 * (with n_features / n_outputs when it takes them), torch seeded with the run's seed (the default;
 * the notebook passes each run's), then the run's recorded initial parameters loaded by name (when
 * the record kept them).
 */
export function userBuildModel(nFeatures: number, nOutputs: number, seed: number): string {
  return [
    `def build_model(initial_params, seed=${seed}):`,
    '    """Your model from its factory, starting from the run\'s initial parameters."""',
    '    accepted = inspect.signature(user_factory).parameters',
    `    given = {'n_features': ${nFeatures}, 'n_outputs': ${nOutputs}}`,
    "    # The run's seed: torch's default initialisation as the runner drew it, and the global generator",
    '    # (dropout masks) in the state the run trained from.',
    '    torch.manual_seed(seed)',
    '    model = user_factory(**{k: v for k, v in given.items() if k in accepted}).to(DTYPE)',
    '    with torch.no_grad():',
    '        for name, p in model.named_parameters():',
    '            if name in initial_params:',
    '                p.copy_(torch.tensor(initial_params[name], dtype=DTYPE))',
    '    return model',
  ].join('\n');
}

/** Parameter tensors at consecutive offsets from a recorded layout (names and shapes). */
export function layoutFromShapes(shapes: readonly { name: string; shape: number[] }[]): ParamTensor[] {
  let offset = 0;
  return shapes.map((t) => {
    const size = t.shape.reduce((a, b) => a * b, 1);
    const tensor: ParamTensor = {
      name: t.name,
      shape: t.shape,
      offset,
      size,
      kind: t.name.endsWith('weight') ? 'weight' : 'bias',
    };
    offset += size;
    return tensor;
  });
}
