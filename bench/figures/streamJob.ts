// Child process of bench figure (8): one streamed epoch of SGD over a CSV, reporting rows/s and this process's peak RSS.
import { resourceUsage } from 'node:process';
import { planStream } from '../../src/engine/data/stream/streamPlan';
import { createModel } from '../../src/engine/models/index';
import { initParams } from '../../src/engine/models/init';
import { createOptimizer } from '../../src/engine/optim/index';
import { Rng } from '../../src/engine/random';
import { StreamSource } from '../../src/engine/train/streamSource';
import { dataSpecSchema } from '../../src/protocol/data';

// argv[2]: {"csv": path, "batchSize": n}. The statistics pass, then one epoch of SGD (lr 0.01)
// on a linear model, batch by batch, the file read in 4 MB chunks through a 10 000-row shuffle
// buffer: what a streamed run does, without the evaluation passes the pandas loop does not make.
const job = JSON.parse(process.argv[2]!) as { csv: string; batchSize: number };
const t0 = performance.now();
const spec = dataSpecSchema.parse({ path: job.csv, target: 'y', stream: true, split: { validation: 0 } });
const plan = planStream(job.csv, 'csv', job.csv, spec);
const model = createModel(
  { type: 'linear' },
  { name: 'mse' },
  { nFeatures: plan.nFeatures, nOutputs: 1, maxRows: job.batchSize, precision: 'float32' },
);
const params = new Float32Array(model.numParams);
initParams(model.layout, 'default', new Rng(0), params);
const grads = new Float32Array(model.numParams);
const optimizer = createOptimizer({ name: 'SGD', lr: 0.01 }, params.length, 'float32');
const source = new StreamSource(model, plan, {
  batchSize: job.batchSize,
  shuffle: true,
  shuffleBuffer: 10_000,
  seed: 0,
  precision: 'float32',
  nOutputs: 1,
});
source.beginEpoch();
let loss = 0;
for (let b = 0; b < source.batchesPerEpoch; b++) {
  loss = source.lossAndGrad(params, grads, b);
  optimizer.step(params, grads);
}
const seconds = (performance.now() - t0) / 1000;
process.stdout.write(
  `${JSON.stringify({ rows: plan.rows.file, seconds, rowsPerSecond: plan.rows.file / seconds, peakRssMb: resourceUsage().maxRSS / 1024, lastLoss: loss })}\n`,
);
