// Finding the user's Python before a pytorch run: the interpreter starts and imports torch, or a
// ConfigError says how to install torch or choose another interpreter.
import { spawn, type ChildProcess } from 'node:child_process';
import { ConfigError } from '../errors';

/** Which Python runs the runner, and where the runner script is. */
export interface PythonOptions {
  /** The interpreter: a path or a command on PATH (default `python3`). */
  command: string;
  /** The bundled runner (dist/optimizer_lab_runner.py). */
  runnerPath: string;
}

/** The command to install torch, for messages. */
export const TORCH_INSTALL = 'pip install torch (or, on Debian/Ubuntu, apt-get install python3-torch)';

function missingTorch(command: string, detail: string): ConfigError {
  return new ConfigError(
    `PyTorch is not installed for the Python "${command}" (${detail}). Install it with: ${TORCH_INSTALL}; ` +
      'or choose another Python (setting optimizerLab.pythonPath, or --python PATH / OPTIMIZER_LAB_PYTHON on the command line).',
  );
}

/** The interpreter did not start, or failed before the runner ran. */
export function notFound(command: string, why: string): ConfigError {
  return new ConfigError(
    `cannot start the Python "${command}" (${why}): set optimizerLab.pythonPath, or pass --python PATH / OPTIMIZER_LAB_PYTHON on the command line`,
  );
}

/** The Python side of a record's environment: what ran the user's model, and where. */
export interface PythonRuntime {
  /** The interpreter as given (a path or a command). */
  executable: string;
  version: string;
  torch: string;
  /** Where the runs train: `cuda` when torch sees a GPU, else `cpu`. */
  device: 'cpu' | 'cuda';
}

/**
 * Checks once, before any run starts, that the interpreter starts and imports torch; a missing
 * torch or interpreter is a ConfigError naming the install command. Resolves to the versions.
 */
export async function checkPython(o: PythonOptions): Promise<PythonRuntime> {
  const out = await new Promise<{ code: number | null; stdout: string; error: Error | null }>((resolve) => {
    let stdout = '';
    let child: ChildProcess;
    try {
      child = spawn(o.command, [o.runnerPath, '--check'], { stdio: ['ignore', 'pipe', 'pipe'] });
    } catch (e) {
      resolve({ code: null, stdout: '', error: e as Error });
      return;
    }
    child.stdout!.on('data', (d: Buffer) => (stdout += d.toString('utf8')));
    child.stderr!.resume();
    child.on('error', (error) => resolve({ code: null, stdout, error }));
    child.on('close', (code) => resolve({ code, stdout, error: null }));
  });
  if (out.error) throw notFound(o.command, out.error.message);
  const line = out.stdout.trim().split('\n').pop() ?? '';
  let msg: { type?: string; torch?: string; message?: string; python_version?: string; cuda?: boolean } = {};
  try {
    msg = JSON.parse(line) as typeof msg;
  } catch {
    // Not JSON: a wrapper or an interpreter that failed before the runner ran.
  }
  if (msg.type === 'check' && typeof msg.torch === 'string') {
    return {
      executable: o.command,
      version: msg.python_version ?? 'unknown',
      torch: msg.torch,
      device: msg.cuda ? 'cuda' : 'cpu',
    };
  }
  if (msg.type === 'error') throw missingTorch(o.command, msg.message ?? 'import torch failed');
  throw notFound(o.command, `exit code ${out.code}${line ? `: ${line}` : ''}`);
}
