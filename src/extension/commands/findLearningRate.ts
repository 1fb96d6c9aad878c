// Find Learning Rate: runs the LR sweep and the range test on an experiment and offers the suggested rate.
import * as vscode from 'vscode';
import { loadExperiment } from '../../engine/experiment/loadExperiment';
import { lrChoices } from '../lrSuggestion';
import { writeLearningRate } from '../useLearningRate';
import { formatNumber } from '../../engine/format';
import { experimentUri } from './experimentUri';
import type { HostCommand } from './services';
import { minOf } from '../../engine/extremes';

/**
 * Find Learning Rate: the LR sweep and the LR range test (fastai lr_find) of one of the experiment's optimizers;
 * the suggested rate can be written into the file (an undoable edit) and the sweep opened in the lab.
 */
function edge(lr: number | null): string {
  return lr === null ? '' : ` (diverges from lr ${formatNumber(lr)})`;
}

export const findLearningRateCommand: HostCommand = {
  id: 'optimizerLab.findLearningRate',
  restricted: 'run the LR range test',
  async run(s, arg) {
    const uri = await experimentUri(arg, 'find a learning rate for it');
    if (!uri) return;
    let index = 0;
    try {
      const optimizers = loadExperiment(uri.fsPath).optimizers;
      if (optimizers.length > 1) {
        const picked = await vscode.window.showQuickPick(
          optimizers.map((o, i) => ({ label: `optimizers[${i}]: ${o.name}`, description: `lr ${o.lr}`, i })),
          { title: 'Optimizer Lab: which optimizer sweeps the learning rate?', ignoreFocusOut: true },
        );
        if (!picked) return;
        index = picked.i;
      }
    } catch {
      // The runner reports the problem with its location.
    }
    const result = await s.runner.findLearningRate(uri, index);
    if (!result) return;
    // Two buttons and Open in Lab keep the notification readable; the lab shows every suggestion.
    const choices = lrChoices(result.suggestions, result.sweep?.lr ?? null).slice(0, 2);
    const stopped = result.stopped === 'completed' ? '' : ` (${result.stopped})`;
    const message =
      choices.length > 0
        ? `Optimizer Lab: LR sweep and LR range test of ${result.optimizer.name}${stopped}: suggested lr ${choices.map((c) => c.title.replace(/^Use /, '')).join(', ')}${edge(result.sweep?.edgeOfStability ?? null)}.`
        : `Optimizer Lab: the LR range test of ${result.optimizer.name}${stopped} was too short for a suggestion (lowest smoothed loss ${formatNumber(minOf(result.curve.smoothed))}).`;
    const buttons = [...choices.map((c) => c.title), ...(result.recordDir ? ['Open in Lab'] : [])];
    const answer = await vscode.window.showInformationMessage(message, ...buttons);
    const chosen = choices.find((c) => c.title === answer);
    if (chosen) await writeLearningRate(uri, index, chosen.lr);
    if (answer === 'Open in Lab' && result.recordDir) s.panels.showLab([result.recordDir]);
  },
};
