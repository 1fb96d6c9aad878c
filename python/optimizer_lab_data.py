"""The training data of a run of a user's PyTorch model (docs/own-model.md), for optimizer_lab_runner.py.

Two sources give the runner the same interface: batches of one epoch for training, and batches of a
whole split for its loss and metrics.

- TableSource: the product's prepared table (float64 files written by the engine, with the batch
  order of every epoch drawn by the engine's generator), exactly as the engine's workers see it.
- FunctionSource: the model file's own data function (model.data), called with no arguments, that
  returns torch Datasets or (X, y) tensor pairs. Batches come from torch DataLoaders with the
  experiment's batch size, shuffled by a torch.Generator seeded with the run's seed.

Only the standard library and torch are used.
"""
import array
import inspect

SPLITS = ('train', 'validation', 'test')


def read_floats(torch, path, count):
    with open(path, 'rb') as f:
        raw = bytearray(f.read())
    if len(raw) != count * 8:
        raise ValueError('%s holds %d bytes, expected %d float64 values' % (path, len(raw), count))
    return torch.frombuffer(raw, dtype=torch.float64) if count > 0 else torch.zeros(0, dtype=torch.float64)


def read_orders(path, epochs, rows):
    a = array.array('i')
    with open(path, 'rb') as f:
        a.frombytes(f.read())
    if len(a) != epochs * rows:
        raise ValueError('%s holds %d indices, expected %d' % (path, len(a), epochs * rows))
    return [a[e * rows:(e + 1) * rows].tolist() for e in range(epochs)]


def table_source(torch, job, dtype, device, class_targets):
    """The engine's prepared rows: training, then validation, then test rows, in float64 files."""
    data = job['data']
    nf, n_train, n_val = data['n_features'], data['train_rows'], data['val_rows']
    n_test = int(data.get('test_rows') or 0)
    rows = n_train + n_val + n_test
    X = read_floats(torch, data['x'], rows * nf).reshape(rows, nf).to(dtype)
    y = read_floats(torch, data['y'], rows)
    y = y.long() if class_targets else y.reshape(-1, 1).to(dtype)
    cut = [0, n_train, n_train + n_val, rows]
    splits = {name: (X[a:b].to(device), y[a:b].to(device)) if b > a else None
              for name, a, b in zip(('train', 'validation', 'test'), cut, cut[1:])}
    orders = read_orders(job['batch_orders'], job['epochs'], n_train) if job.get('batch_orders') else None
    return TableSource(splits, job['batch_size'], orders, device)


class TableSource:
    """The engine's prepared rows: training rows in the engine's batch order, whole splits at once."""

    def __init__(self, splits, batch_size, orders, device):
        self.splits = splits  # name -> (X, y) tensors, or None
        X_train, _ = splits['train']
        self.n = X_train.shape[0]
        self.batch_rows = self.n if batch_size is None else min(batch_size, self.n)
        self.batches = -(-self.n // self.batch_rows)
        self.orders = orders
        self.device = device

    def rows(self, name):
        s = self.splits.get(name)
        return 0 if s is None else s[0].shape[0]

    def train_batches(self, torch, epoch):
        X, y = self.splits['train']
        if self.batch_rows == self.n:
            for _ in range(self.batches):
                yield X, y
            return
        if self.orders is not None:
            order = torch.tensor(self.orders[epoch], dtype=torch.long, device=self.device)
        else:
            order = torch.arange(self.n, device=self.device)
        for b in range(self.batches):
            idx = order[b * self.batch_rows:(b + 1) * self.batch_rows]
            yield X[idx], y[idx]

    def split_batches(self, name):
        s = self.splits.get(name)
        return None if s is None else [s]


def call_data_function(torch, fn):
    """The data function takes no arguments: the data belongs to the problem, as a table does, so
    every run (optimizer, seed) trains on the same data. It is called after torch.manual_seed(0), so
    data drawn with torch's global generator is the same in every run and in the probe."""
    required = [p for p in inspect.signature(fn).parameters.values()
                if p.default is inspect.Parameter.empty and p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD, p.KEYWORD_ONLY)]
    if required:
        raise TypeError('the data function %s() must take no arguments, it needs %s' % (fn.__name__, ', '.join(p.name for p in required)))
    torch.manual_seed(0)
    return fn()


def as_dataset(torch, value, where):
    """A torch Dataset, or an (X, y) pair of tensors of the same length as a TensorDataset."""
    if isinstance(value, (tuple, list)):
        if len(value) != 2 or not all(isinstance(t, torch.Tensor) for t in value):
            raise TypeError('%s must be a torch Dataset or an (X, y) pair of tensors, got a %s of %d items' % (where, type(value).__name__, len(value)))
        X, y = value
        if X.shape[0] != y.shape[0]:
            raise ValueError('%s: X has %d rows but y has %d' % (where, X.shape[0], y.shape[0]))
        return torch.utils.data.TensorDataset(X, y)
    if hasattr(value, '__getitem__') and hasattr(value, '__len__'):
        return value
    raise TypeError('%s must be a torch Dataset (with __len__ and __getitem__) or an (X, y) pair of tensors, got %s' % (where, type(value).__name__))


def datasets_of(torch, returned, name):
    """{'train', 'validation'?, 'test'?} -> Dataset from what the data function returned."""
    where = '%s()' % name
    if isinstance(returned, dict):
        unknown = sorted(set(returned) - set(SPLITS))
        if unknown or 'train' not in returned:
            raise ValueError('%s returned a dict with keys %s; it needs "train" and may have "validation" and "test"' % (where, sorted(returned)))
        return {k: as_dataset(torch, v, '%s[%r]' % (where, k)) for k, v in returned.items() if v is not None}
    return {'train': as_dataset(torch, returned, where)}


def sample_of(torch, ds, name, split):
    item = ds[0]
    if not isinstance(item, (tuple, list)) or len(item) != 2:
        raise TypeError('%s()[%r][0] must be an (x, y) pair, got %s' % (name, split, type(item).__name__))
    return torch.as_tensor(item[0]), torch.as_tensor(item[1])


def probe(torch, fn, name, class_targets):
    """What the engine needs before the runs: the sizes of the splits, the features of one input
    (flattened) and the outputs (classes for cross-entropy, else a target's size)."""
    sets = datasets_of(torch, call_data_function(torch, fn), name)
    sizes = {k: len(sets[k]) if k in sets else 0 for k in SPLITS}
    if sizes['train'] == 0:
        raise ValueError('%s() returned no training examples' % name)
    x, y = sample_of(torch, sets['train'], name, 'train')
    if class_targets:
        top = -1
        for k, ds in sets.items():
            for _, yb in torch.utils.data.DataLoader(ds, batch_size=1024):
                if yb.is_floating_point() and not bool((yb == yb.round()).all()):
                    raise ValueError('%s()[%r]: cross-entropy needs class indices as targets, got fractions' % (name, k))
                if bool((yb < 0).any()):
                    raise ValueError('%s()[%r]: class indices must be >= 0' % (name, k))
                top = max(top, int(yb.max()))
        n_outputs = top + 1
    else:
        n_outputs = max(1, y.numel())
    return {'sizes': sizes, 'n_features': x.numel(), 'n_outputs': n_outputs}


class FunctionSource:
    """The data function's splits, batched by DataLoaders (the generator seeded with the run's seed)."""

    def __init__(self, torch, fn, name, seed, batch_size, shuffle, dtype, device, class_targets):
        self.torch = torch
        self.sets = datasets_of(torch, call_data_function(torch, fn), name)
        self.n = len(self.sets['train'])
        self.batch_rows = self.n if batch_size is None else min(batch_size, self.n)
        self.batches = -(-self.n // self.batch_rows)
        self.dtype, self.device, self.class_targets = dtype, device, class_targets
        generator = torch.Generator()
        generator.manual_seed(seed)
        self.train = torch.utils.data.DataLoader(self.sets['train'], batch_size=self.batch_rows, shuffle=shuffle, generator=generator)

    def rows(self, name):
        return len(self.sets[name]) if name in self.sets else 0

    def cast(self, X, y):
        torch = self.torch
        X = X.to(self.device)
        if X.is_floating_point():
            X = X.to(self.dtype)
        if self.class_targets:
            y = y.long()
        else:
            y = y.to(self.dtype)
            if y.dim() == 1:
                y = y.reshape(-1, 1)  # one target per example: a column, as the table's targets
        return X, y.to(self.device)

    def train_batches(self, torch, epoch):
        for X, y in self.train:
            yield self.cast(X, y)

    def split_batches(self, name):
        if name not in self.sets:
            return None
        loader = self.torch.utils.data.DataLoader(self.sets[name], batch_size=self.batch_rows)
        return (self.cast(X, y) for X, y in loader)
