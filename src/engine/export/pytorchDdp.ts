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
 * The data-parallel training loop: the engine's loop (PY_TRAIN_LOOP's train) with every batch cut
 * into WORKERS shards by torch.tensor_split, each process stepping on its own shard.
 */
const PY_DDP_TRAIN = String.raw`# ---------------------------------------------------------------------------------------------
# Training: the engine's loop, one shard of every batch per process.
# ---------------------------------------------------------------------------------------------
def train_ddp(net, ddp, exchange, data, optimizer, scheduler, batch_orders, rank, world, log):
    X_train, y_train, X_val, y_val, target_scale = data
    params = list(net.parameters())
    n = X_train.shape[0]
    batch_rows = n if BATCH_SIZE is None else min(BATCH_SIZE, n)
    full_batch = batch_rows == n
    batches = math.ceil(n / batch_rows)
    order = torch.arange(n)

    def full_train_loss():
        with torch.no_grad():
            return float(objective(net, X_train, y_train))

    def traffic_line():
        return 'traffic  bytes_sent %d  values_sent %d  compression %s  comm_time_s %.6g' % (
            exchange.bytes_sent, exchange.values_sent,
            ('%.4g' % (exchange.dense_bytes / exchange.bytes_sent)) if exchange.bytes_sent else '-', exchange.comm_seconds)

    initial_loss = full_train_loss()
    validation = evaluate(net, X_val, y_val, target_scale)
    log_epoch(log, 0, initial_loss, validation, optimizer)
    best = {'value': float('nan'), 'epoch': -1, 'bad': 0, 'state': None}

    def early_update(value, epoch):
        es = EARLY_STOPPING
        if math.isnan(best['value']) or (
            value < best['value'] - es['min_delta'] if es['mode'] == 'min' else value > best['value'] + es['min_delta']
        ):
            best.update(value=value, epoch=epoch, bad=0)
            if es['restore_best']:
                best['state'] = {k: v.detach().clone() for k, v in net.state_dict().items()}
        else:
            best['bad'] += 1

    if EARLY_STOPPING is not None:
        early_update(monitored(EARLY_STOPPING['monitor'], initial_loss, validation), 0)
    status, steps, epochs = 'done', 0, 0
    for epoch in range(EPOCHS):
        exchange.epoch = epoch
        if not full_batch and SHUFFLE:
            if batch_orders is None or epoch >= len(batch_orders):
                sys.exit('the sidecar holds no batch order for epoch %d' % epoch)
            order = torch.tensor(batch_orders[epoch], dtype=torch.long)
        stopped = False
        for b in range(batches):
            if MAX_STEPS is not None and steps >= MAX_STEPS:
                stopped = True
                break
            rows = order[b * batch_rows:(b + 1) * batch_rows]
            mine = torch.tensor_split(rows, world)[rank]
            optimizer.zero_grad()
            loss = objective(ddp, X_train[mine], y_train[mine])
            loss.backward()  # the exchange runs in the hook: every process now holds the averaged gradient
            if CLIP is not None and 'max_norm' in CLIP:
                grad_norm = float(torch.nn.utils.clip_grad_norm_(params, CLIP['max_norm'], CLIP['norm_type']))
            else:
                grad_norm = math.sqrt(sum(float((p.grad * p.grad).sum()) for p in params))
                if CLIP is not None:
                    torch.nn.utils.clip_grad_value_(params, CLIP['clip_value'])
            # The batch loss is the mean of the workers' shard losses, the same number in every process.
            shared = loss.detach().clone()
            dist.all_reduce(shared)
            batch_loss = float(shared) / world
            if not (math.isfinite(batch_loss) and math.isfinite(grad_norm)):
                status = 'diverged'
                break
            # A full batch's loss is the training loss; a mini-batch's only a noisy sample of it.
            step_bound = DIVERGENCE_FACTOR if full_batch else max(DIVERGENCE_FACTOR, BATCH_EXPLOSION_FACTOR)
            if batch_loss > step_bound * abs(initial_loss) and batch_loss > initial_loss:
                status = 'diverged'
                break
            optimizer.step()
            steps += 1
            if scheduler is not None and SCHEDULER_INTERVAL == 'step':
                if PLATEAU_MONITOR is None:
                    scheduler.step()
                elif PLATEAU_MONITOR == 'train_loss':
                    scheduler.step(batch_loss)
                else:
                    v = evaluate(net, X_val, y_val, target_scale)
                    scheduler.step(batch_loss if v is None else v['loss'])
        if stopped or status == 'diverged':
            break
        epochs = epoch + 1
        train_loss = full_train_loss()
        validation = evaluate(net, X_val, y_val, target_scale)
        log_epoch(log, epochs, train_loss, validation, optimizer)
        log(traffic_line())
        if not math.isfinite(train_loss) or not all(bool(torch.isfinite(p).all()) for p in params):
            status = 'diverged'
            break
        if not full_batch and train_loss > DIVERGENCE_FACTOR * abs(initial_loss) and train_loss > initial_loss:
            status = 'diverged'
            break
        if scheduler is not None and SCHEDULER_INTERVAL == 'epoch':
            if PLATEAU_MONITOR is None:
                scheduler.step()
            else:
                scheduler.step(validation['loss'] if PLATEAU_MONITOR == 'val_loss' and validation is not None else train_loss)
        if EARLY_STOPPING is not None:
            early_update(monitored(EARLY_STOPPING['monitor'], train_loss, validation), epochs)
            if best['bad'] > 0 and best['bad'] >= EARLY_STOPPING['patience']:
                status = 'early-stopped'
                break
    if EARLY_STOPPING is not None and best['state'] is not None and status != 'diverged':
        net.load_state_dict(best['state'])
    validation = evaluate(net, X_val, y_val, target_scale)
    return {
        'status': status,
        'steps': steps,
        'epochs': epochs,
        'final_train_loss': full_train_loss(),
        'final_val_loss': None if validation is None else validation['loss'],
        'metrics': {} if validation is None else {k: v for k, v in validation.items() if k != 'loss'},
        'bytes_sent': exchange.bytes_sent,
        'values_sent': exchange.values_sent,
        'compression_ratio': exchange.dense_bytes / exchange.bytes_sent if exchange.bytes_sent else None,
        'comm_time_s': exchange.comm_seconds,
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
    result = train_ddp(net, ddp, exchange, data, optimizer, scheduler, sidecar['batch_orders'], rank, world, log)
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
