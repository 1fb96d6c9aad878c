// The Python of the pytorch-ddp export's gradient exchange: the engine's compression
// (src/engine/parallel) as a DDP communication hook, with the traffic and simulated time it costs.
/**
 * Python of the exchange: a DDP communication hook doing what src/engine/parallel does, per
 * process. The hook maps the bucket to the model's parameter order (the engine's flat layout), so
 * residuals and top-k choices sit on the same components in every process and every step.
 */
export const PY_EXCHANGE = String.raw`# ---------------------------------------------------------------------------------------------
# The gradient exchange: src/engine/parallel (gradientExchange.ts, workerCompressor.ts) as a DDP
# communication hook. Each process is one worker and keeps its own residual (and momentum).
# ---------------------------------------------------------------------------------------------
DENSE_BYTES_PER_VALUE = 4   # a dense all-reduce sends float32 values
SPARSE_BYTES_PER_VALUE = 8  # a sparse message sends an int32 index and a float32 value per component


class Exchange:
    """Per-process state of the exchange, and the traffic of every worker (known to all from the counts)."""

    def __init__(self, net, world):
        self.params = list(net.parameters())
        self.position = {id(p): i for i, p in enumerate(self.params)}
        self.offsets = []
        n = 0
        for p in self.params:
            self.offsets.append(n)
            n += p.numel()
        self.n = n
        self.world = world
        self.residual = torch.zeros(n, dtype=DTYPE, device=DEVICE)
        self.momentum = torch.zeros(n, dtype=DTYPE, device=DEVICE) if LOCAL_MOMENTUM is not None else None
        self.momentum_ready = False
        self.epoch = 0
        self.bytes_sent = 0
        self.values_sent = 0
        self.dense_bytes = 0
        self.comm_seconds = 0.0

    def flat(self, tensors, params):
        """The bucket's tensors in the model's parameter order, as one flat vector (the engine's layout)."""
        out = torch.empty(self.n, dtype=DTYPE, device=DEVICE)
        for p, t in zip(params, tensors):
            i = self.position[id(p)]
            out[self.offsets[i]:self.offsets[i] + p.numel()] = t.reshape(-1)
        return out

    def warmed_up(self):
        """DGC warm-up: epoch e < W sends 4^(W - e) times more (topk fraction up, threshold down)."""
        w = COMPRESSION['warmup_epochs']
        boost = 4 ** (w - self.epoch) if self.epoch < w else 1
        return (COMPRESSION['threshold'] or 0.0) / boost, min(1.0, (COMPRESSION['fraction'] or 1.0) * boost)

    def compress(self, g, p):
        """This worker's message: (indices ascending, values); updates its residual and momentum."""
        if COMPRESSION['clip'] is not None:
            clip_in_place(g, COMPRESSION['clip'])
        x = g
        if LOCAL_MOMENTUM is not None:
            if LOCAL_MOMENTUM['weight_decay'] != 0:
                g = g.add(p, alpha=LOCAL_MOMENTUM['weight_decay'])
            if self.momentum_ready:
                self.momentum.mul_(LOCAL_MOMENTUM['momentum']).add_(g, alpha=1 - LOCAL_MOMENTUM['dampening'])
            else:
                self.momentum.copy_(g)
                self.momentum_ready = True
            x = self.momentum
        if COMPRESSION['residual']:
            self.residual.add_(x)
        else:
            self.residual.copy_(x)
        threshold, fraction = self.warmed_up()
        if COMPRESSION['kind'] == 'topk':
            k = max(1, min(self.n, math.ceil(fraction * self.n - 1e-9)))
            # torch.topk breaks ties among equal magnitudes its own way; the engine takes the lower index.
            indices = torch.topk(self.residual.abs(), k, sorted=False).indices.sort().values
        else:
            indices = (self.residual.abs() >= threshold).nonzero().flatten()
        values = self.residual[indices].clone()
        self.residual[indices] = 0
        if self.momentum is not None:
            self.momentum[indices] = 0  # DGC's momentum factor masking
        return indices, values

    def hook(self, _state, bucket):
        params = bucket.parameters()
        if len(params) != len(self.params):
            sys.exit('the DDP bucket holds %d of the %d parameters: the exchange needs them all in one bucket' % (len(params), len(self.params)))
        g = self.flat(bucket.gradients(), params)
        with torch.no_grad():
            p_flat = self.flat([p.detach() for p in params], params)
        world = self.world
        if COMPRESSION['kind'] == 'none':
            if COMPRESSION['clip'] is not None:
                clip_in_place(g, COMPRESSION['clip'])
            dist.all_reduce(g)  # the sum over the workers
            out = g
            step_bytes = world * DENSE_BYTES_PER_VALUE * self.n
            step_values = world * self.n
            seconds = all_reduce_seconds(world, DENSE_BYTES_PER_VALUE * self.n)
        else:
            indices, values = self.compress(g, p_flat)
            count = torch.tensor([indices.numel()], dtype=torch.long, device=DEVICE)
            counts = [torch.zeros(1, dtype=torch.long, device=DEVICE) for _ in range(world)]
            dist.all_gather(counts, count)
            counts = [int(c) for c in counts]
            # all_gather needs equal sizes: pad to the longest message (the accounting counts the real ones).
            longest = max(counts)
            out = torch.zeros(self.n, dtype=DTYPE, device=DEVICE)
            if longest > 0:  # when no worker sends anything, there is nothing to gather
                padded_i = torch.zeros(longest, dtype=torch.long, device=DEVICE)
                padded_v = torch.zeros(longest, dtype=DTYPE, device=DEVICE)
                padded_i[:indices.numel()] = indices
                padded_v[:values.numel()] = values
                all_i = [torch.zeros(longest, dtype=torch.long, device=DEVICE) for _ in range(world)]
                all_v = [torch.zeros(longest, dtype=DTYPE, device=DEVICE) for _ in range(world)]
                dist.all_gather(all_i, padded_i)
                dist.all_gather(all_v, padded_v)
                for k in range(world):  # worker order, as the engine sums
                    out.index_add_(0, all_i[k][:counts[k]], all_v[k][:counts[k]])
            step_values = sum(counts)
            step_bytes = SPARSE_BYTES_PER_VALUE * step_values
            seconds = all_gather_seconds([SPARSE_BYTES_PER_VALUE * c for c in counts])
        out.div_(world)
        self.bytes_sent += step_bytes
        self.values_sent += step_values
        self.dense_bytes += world * DENSE_BYTES_PER_VALUE * self.n
        self.comm_seconds += seconds
        # The bucket's buffer holds its gradients one after the other, in the bucket's order.
        buffer = bucket.buffer()
        pieces = [out[self.offsets[self.position[id(p)]]:self.offsets[self.position[id(p)]] + p.numel()] for p in params]
        buffer.copy_(torch.cat(pieces))
        fut = torch.futures.Future()
        fut.set_result(buffer)
        return fut


def clip_in_place(g, max_norm):
    """clip_grad_norm_'s rule on one flat gradient: g <- g * min(max_norm / (||g|| + 1e-6), 1)."""
    norm = float(torch.linalg.vector_norm(g, 2))
    g.mul_(min(max_norm / (norm + 1e-6), 1.0))


def all_reduce_seconds(world, nbytes):
    """Ring all-reduce: 2(K - 1) latencies and 2(K - 1)/K of the bytes."""
    if world <= 1:
        return 0.0
    return 2 * (world - 1) * NETWORK['latency_us'] * 1e-6 + 2 * (world - 1) / world * nbytes / (NETWORK['bandwidth_gbps'] * 1e9 / 8)


def all_gather_seconds(sizes):
    """The counts, then the messages: the busiest worker receives all but the smallest."""
    if len(sizes) <= 1:
        return 0.0
    return 2 * (len(sizes) - 1) * NETWORK['latency_us'] * 1e-6 + (sum(sizes) - min(sizes)) / (NETWORK['bandwidth_gbps'] * 1e9 / 8)
`;
