/** `export --to pytorch-ddp`: a torchrun script that trains a data-parallel run for real, with the same compression as a DDP communication hook. */
import type { ExportRun } from './loadRun';
import { pyProblem, runHeader } from './pyProblem';
import { pyFloat, pyStr, pyValue } from '../pyCode/pyLiteral';
import { asDataRun, factories, sidecarName } from './pytorchScript';
import { runDataSidecar } from './runData';
import { ConfigError } from '../errors';
import { splitMomentum } from '../parallel/dataParallelSource';
import type { ExportOutput } from './types';
import { PY_EXCHANGE } from './pyDdpExchange';

/**
 * The data-parallel hooks of the shared training loop (PY_TRAIN_LOOP's train, `parallel=`): every
 * batch cut into WORKERS shards by torch.tensor_split, each process stepping on its own shard
 * through DistributedDataParallel, the batch loss all-reduced, and the exchange's traffic logged.
 */
const PY_DDP_TRAIN = String.raw`# ---------------------------------------------------------------------------------------------
# Training: the engine's loop (train above), one shard of every batch per process.
# ---------------------------------------------------------------------------------------------
class DataParallel:
    """The hooks train() calls in a data-parallel process."""

    def __init__(self, ddp, exchange, rank, world):
        self.module = ddp  # its backward runs the exchange's communication hook
        self.exchange = exchange
        self.rank = rank
        self.world = world

    def start_epoch(self, epoch):
        self.exchange.epoch = epoch  # DGC warm-up counts epochs

    def shard(self, rows):
        return torch.tensor_split(rows, self.world)[self.rank]

    def batch_loss(self, loss):
        """The mean of the workers' shard losses, the same number in every process."""
        shared = loss.detach().clone()
        dist.all_reduce(shared)
        return float(shared) / self.world

    def traffic_line(self):
        e = self.exchange
        return 'traffic  bytes_sent %d  values_sent %d  compression %s  comm_time_s %.6g' % (
            e.bytes_sent, e.values_sent, ('%.4g' % (e.dense_bytes / e.bytes_sent)) if e.bytes_sent else '-', e.comm_seconds)

    def result(self):
        e = self.exchange
        return {
            'bytes_sent': e.bytes_sent,
            'values_sent': e.values_sent,
            'compression_ratio': e.dense_bytes / e.bytes_sent if e.bytes_sent else None,
            'comm_time_s': e.comm_seconds,
        }
`;

const MAIN = String.raw`def main():
    parser = argparse.ArgumentParser(description='Train an Optimizer Lab data-parallel run with torch.distributed (run it with torchrun).')
    parser.add_argument('--data', default=DATA_FILE, help='the data file (default: the one the run read)')
    parser.add_argument('--sidecar', default=str(Path(__file__).resolve().with_name(SIDECAR)))
    parser.add_argument('--backend', default='gloo', choices=['gloo', 'nccl'], help='gloo (CPU, the default) or nccl (GPU)')
    args = parser.parse_args()
    # A process that stops (an error, a kill) makes the others fail after this long instead of waiting forever.
    dist.init_process_group(args.backend, timeout=datetime.timedelta(seconds=int(os.environ.get('OPTLAB_DDP_TIMEOUT_S', '600'))))
    rank, world = dist.get_rank(), dist.get_world_size()
    if world != WORKERS:
        sys.exit('the run had %d workers, torchrun started %d processes: use --nproc_per_node=%d' % (WORKERS, world, WORKERS))
    with open(args.sidecar, encoding='utf-8') as f:
        sidecar = json.load(f)
    torch.set_default_dtype(DTYPE)
    global DEVICE
    if args.backend == 'nccl':
        # nccl exchanges CUDA tensors: one GPU per process.
        local_rank = int(os.environ.get('LOCAL_RANK', rank))
        torch.cuda.set_device(local_rank)
        DEVICE = torch.device('cuda', local_rank)
    data = tuple(t.to(DEVICE) if torch.is_tensor(t) else t for t in load_data(args.data, sidecar['data'], DTYPE))
    net = build_model(sidecar['initial_params']).to(DEVICE)
    exchange = Exchange(net, world)
    # One bucket for every parameter, so the hook sees the whole gradient (top-k and clipping are global).
    bucket_mb = 2 * exchange.n * torch.finfo(DTYPE).bits / 8 / 2 ** 20 + 1
    ddp = torch.nn.parallel.DistributedDataParallel(net, bucket_cap_mb=bucket_mb)
    ddp.register_comm_hook(None, exchange.hook)
    optimizer = make_optimizer(net.parameters())
    scheduler = make_scheduler(optimizer)
    log = print if rank == 0 else (lambda *a, **k: None)
    result = train(net, data, optimizer, scheduler, sidecar['batch_orders'], log=log, parallel=DataParallel(ddp, exchange, rank, world))
    if rank == 0:
        engine = sidecar['engine']
        for key in ('final_train_loss', 'final_val_loss', 'bytes_sent'):
            ours, theirs = result[key], engine.get(key)
            if finite(ours) and finite(theirs):
                print('%s %r, the engine had %r (relative difference %.1e)' % (key, ours, theirs, abs(ours - theirs) / max(abs(theirs), 1e-300)))
        print(json.dumps({k: (v if not isinstance(v, float) or math.isfinite(v) else None) for k, v in result.items()}), flush=True)
    dist.barrier()  # every process is done before any leaves
    sys.stdout.flush()
    sys.stderr.flush()
    # Leave without tearing down gloo's threads: under torch 1.13 a process could hang at exit there.
    os._exit(0)


if __name__ == '__main__':
    if 'RANK' not in os.environ:
        sys.exit('start this script with torchrun: python3 -m torch.distributed.run --nproc_per_node=%d %s' % (WORKERS, sys.argv[0]))
    main()
`;

/**
 * A torchrun script that trains a data-parallel run of the engine for real: the reproduction
 * script's data, model, initial parameters and batch order, a DistributedDataParallel model whose
 * communication hook does the run's compression (residuals per process, momentum correction),
 * and the traffic logged per epoch. Rank 0's last line is the result JSON with `bytes_sent`.
 */
export async function pytorchDdp(run: ExportRun): Promise<ExportOutput> {
  const r = asDataRun(run, 'pytorch-ddp');
  const dp = r.spec.dataParallel;
  if (!dp) {
    throw new ConfigError(
      `--to pytorch-ddp exports a data-parallel run; run ${r.run.id} trained in one process (give its experiment a training.data_parallel section, or use --to pytorch-script)`,
    );
  }
  const { optimizer, local } = splitMomentum(dp, r.spec.optimizer, r.spec.schedule);
  const name = sidecarName(r.run.id);
  const base = await runDataSidecar(r);
  const sidecar = {
    ...base,
    optimizer: optimizer.name,
    engine: { ...base.engine, bytes_sent: r.run.bytes_sent ?? null },
  };
  const c = dp.compression;
  const opt = (v: number | null) => (v === null ? 'None' : pyFloat(v));
  const constants = [
    `WORKERS = ${dp.workers}  # processes: torchrun --nproc_per_node=${dp.workers}`,
    `COMPRESSION = {'kind': ${pyStr(c.kind)}, 'threshold': ${opt(c.threshold)}, 'fraction': ${opt(c.fraction)}, ` +
      `'residual': ${pyValue(c.residual)}, 'clip': ${opt(c.clip)}, 'warmup_epochs': ${c.warmup_epochs}}`,
    local
      ? `LOCAL_MOMENTUM = {'momentum': ${pyFloat(local.momentum)}, 'dampening': ${pyFloat(local.dampening)}, 'weight_decay': ${pyFloat(local.weight_decay)}}  # DGC momentum correction: the workers keep SGD's momentum`
      : 'LOCAL_MOMENTUM = None  # no momentum correction: the optimizer keeps its own state',
    `NETWORK = {'bandwidth_gbps': ${pyFloat(dp.network.bandwidth_gbps)}, 'latency_us': ${pyFloat(dp.network.latency_us)}}  # for the simulated communication time`,
  ];
  const text = [
    '#!/usr/bin/env python3',
    '# Trains one Optimizer Lab data-parallel run with torch.distributed: DistributedDataParallel over',
    `# ${dp.workers} processes, each on its shard of every batch, exchanging gradients through a`,
    "# communication hook with the run's compression. The same data, rows, split, initial parameters",
    '# and batch order as the engine; rank 0 prints the losses after every epoch and, last, the result',
    '# JSON with "final_train_loss", "final_val_loss" and "bytes_sent".',
    '#',
    ...runHeader(r),
    '#',
    `# Needs PyTorch (1.13 or 2.x) with torch.distributed, and the sidecar ${pyStr(name)} beside this script.`,
    `# Usage: python3 -m torch.distributed.run --nproc_per_node=${dp.workers} <this file> [--data PATH] [--sidecar PATH]`,
    '',
    pyProblem(r, name),
    '',
    'import datetime',
    'import os',
    '',
    'import torch.distributed as dist',
    '',
    "DEVICE = torch.device('cpu')  # cuda:<local rank> with --backend nccl",
    ...constants,
    '',
    '',
    PY_EXCHANGE,
    '',
    PY_DDP_TRAIN,
    '',
    '# ---------------------------------------------------------------------------------------------',
    '# Optimizer and scheduler of the run',
    '# ---------------------------------------------------------------------------------------------',
    ...(local
      ? ['# Momentum correction: the workers accumulate the momentum, so the optimizer is momentum-free SGD.']
      : []),
    factories({ ...r, spec: { ...r.spec, optimizer } }),
    '',
    '',
    MAIN,
  ].join('\n');
  return { text, sidecars: [{ name, text: `${JSON.stringify(sidecar)}\n` }] };
}
