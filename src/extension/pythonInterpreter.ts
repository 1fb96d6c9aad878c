// Which Python runs a user's own PyTorch model: the optimizerLab.pythonPath setting when set, else
// the interpreter the Python extension (ms-python.python) selected for the workspace, else python3.
import * as vscode from 'vscode';

/** The part of the Python extension's API used here (environments.getActiveEnvironmentPath). */
interface PythonExtensionApi {
  environments?: {
    getActiveEnvironmentPath(resource?: vscode.Uri): { path: string } | undefined;
  };
}

/**
 * The interpreter for an experiment file. An explicit setting wins (the user chose it for Optimizer
 * Lab); the Python extension is optional and asked only when it is installed.
 */
export async function pythonFor(resource: vscode.Uri, log: vscode.LogOutputChannel): Promise<string> {
  const setting = vscode.workspace.getConfiguration('optimizerLab', resource).get<string>('pythonPath', '');
  if (setting.trim() !== '') return setting.trim();
  const ext = vscode.extensions.getExtension<PythonExtensionApi>('ms-python.python');
  if (ext) {
    try {
      const api = ext.isActive ? ext.exports : await ext.activate();
      const path = api?.environments?.getActiveEnvironmentPath(resource)?.path;
      if (path) return path;
    } catch (e) {
      log.warn(`the Python extension did not name an interpreter: ${(e as Error).message}`);
    }
  }
  return 'python3';
}
