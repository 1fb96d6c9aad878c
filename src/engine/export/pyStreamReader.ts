/**
 * Python that streams a data file as the engine's streaming training does (src/engine/data/stream,
 * src/engine/train/streamSource.ts): one pass over the file per epoch, row by row, never the whole
 * table; the seeded hash split of each row's position; the plan's one-hot levels, fill and
 * standardization from the sidecar; the shuffle buffer drawn with a port of the engine's generator
 * (xoshiro128**), so the batches are the engine's row for row; and the losses of an evaluation
 * pass averaged over blocks of the engine's size. Only included in scripts of streamed runs.
 */
export const PY_STREAM_READER = String.raw`# ---------------------------------------------------------------------------------------------
# Streaming (data.stream): the file read once per pass, as src/engine/train/streamSource.ts reads it.
# ---------------------------------------------------------------------------------------------
MASK32 = 0xFFFFFFFF


def split_of_row(position, seed, validation, test):
    """The engine's hash split of a data row (src/engine/data/split.ts): 0 train, 1 validation, 2 test."""
    h = (((position ^ 0x9E3779B9) * 0x85EBCA6B) ^ ((seed & MASK32) * 0xC2B2AE35)) & MASK32
    h ^= h >> 16
    h = (h * 0x85EBCA6B) & MASK32
    h ^= h >> 13
    h = (h * 0xC2B2AE35) & MASK32
    h ^= h >> 16
    u = h / 4294967296
    return 2 if u < test else 1 if u < test + validation else 0


class EngineRng:
    """The engine's generator (src/engine/random.ts: xoshiro128** seeded by splitmix32), draw for draw."""

    def __init__(self, seed):
        s = (seed & MASK32) or 0x9E3779B9
        state = []
        for _ in range(4):
            s = (s + 0x9E3779B9) & MASK32
            z = ((s ^ (s >> 16)) * 0x85EBCA6B) & MASK32
            z = ((z ^ (z >> 13)) * 0xC2B2AE35) & MASK32
            state.append(z ^ (z >> 16))
        self.a, self.b, self.c, self.d = state

    def next_uint32(self):
        a, b, c, d = self.a, self.b, self.c, self.d
        x = (b * 5) & MASK32
        result = ((((x << 7) | (x >> 25)) & MASK32) * 9) & MASK32
        t = (b << 9) & MASK32
        c ^= a
        d ^= b
        b ^= c
        a ^= d
        c ^= t
        d = ((d << 11) | (d >> 21)) & MASK32
        self.a, self.b, self.c, self.d = a, b, c, d
        return result

    def int(self, n):
        """A uniform integer in [0, n): floor of a 53-bit uniform times n, as Rng.int."""
        hi = self.next_uint32() >> 5
        lo = self.next_uint32() >> 6
        return math.floor((hi * 67108864 + lo) / 9007199254740992 * n)


def stream_records(path, spec):
    """Yields (position, cells by column name) for every data row of the file, in file order."""
    fmt = spec['format']
    position = 0
    if fmt in ('csv', 'tsv'):
        with open(path, newline='', encoding='utf-8-sig') as f:
            names = None
            for r in csv.reader(f, delimiter=spec['delimiter'] or (',' if fmt == 'csv' else '\t')):
                if not r or (len(r) == 1 and r[0].strip(JS_SPACE) == ''):
                    continue
                if names is None:
                    names = [h.strip(JS_SPACE) or 'Unnamed: %d' % i for i, h in enumerate(r)]
                    continue
                if len(r) != len(names):
                    sys.exit('%s: data row %d has %d fields, the header %d' % (path, position + 1, len(r), len(names)))
                yield position, dict(zip(names, r))
                position += 1
    elif fmt == 'jsonl':
        with open(path, encoding='utf-8-sig') as f:
            for line in f:
                if line.strip(JS_SPACE):
                    yield position, json.loads(line)
                    position += 1
    elif fmt == 'parquet':
        import pyarrow.parquet  # streaming Parquet reads one row group at a time, as the engine

        file = pyarrow.parquet.ParquetFile(path)
        for g in range(file.num_row_groups):
            for record in file.read_row_group(g).to_pylist():
                yield position, {k: (None if v is None or v != v else v) for k, v in record.items()}
                position += 1
    else:
        sys.exit('streaming reads CSV, TSV, JSONL and Parquet files, not %s' % fmt)


class StreamedData:
    """A streamed data set: rows encoded as the engine encodes them, read from the file on every pass."""

    streamed = True

    def __init__(self, path, spec, dtype):
        self.path, self.spec, self.dtype = path, spec, dtype
        self.n_train = spec['counts']['train']
        self.target_scale = spec['target_std'] or 1.0
        self.levels = [None if c['levels'] is None else {l: i for i, l in enumerate(c['levels'])} for c in spec['columns']]
        self.classes = None if spec['classes'] is None else {label: k for k, label in enumerate(spec['classes'])}
        self.rng = None
        self.source = iter(())
        self.buffer = []
        self.cache = None

    def changed(self, what):
        sys.exit('%s changed since the run: it now holds %s' % (self.path, what))

    def rows(self):
        """Yields (split, x, y) for every kept row in file order (the engine's encodeChunk)."""
        spec = self.spec
        mean, scale, fill = spec['feature_mean'], spec['feature_std'], spec['missing_fill']
        split, target, n = spec['split'], spec['target_column'], spec['n_features']
        for position, record in stream_records(self.path, spec):
            t_cell = record.get(target)
            t_kind, t_value = read_cell(t_cell)
            if t_kind == 'missing':
                continue
            x = [0.0] * n
            drop = False
            for column, levels in zip(spec['columns'], self.levels):
                cell = record.get(column['name'])
                kind, value = read_cell(cell)
                first = column['first']
                if kind == 'missing':
                    if spec['missing'] == 'drop':
                        drop = True
                        break
                    if levels is None:
                        x[first] = float('nan') if fill is None else fill[first]
                elif levels is not None:
                    offset = levels.get(level_text(cell, kind, value))
                    if offset is None:
                        self.changed('a level of column %r that the run did not see' % column['name'])
                    x[first + offset] = 1.0
                else:
                    x[first] = float(value)
            if drop:
                continue
            if mean is not None:
                x = [(v - m) / s for v, m, s in zip(x, mean, scale)]
            if self.classes is not None:
                if spec['target_kind'] == 'categorical':
                    key = level_text(t_cell, t_kind, t_value)
                elif t_kind == 'boolean':
                    key = 'true' if t_value else 'false'
                else:
                    key = js_number_text(t_value)
                y = self.classes.get(key)
                if y is None:
                    self.changed('a class of the target that the run did not see')
            else:
                y = float(t_value) if t_kind == 'number' else float('nan')
                if spec['target_mean'] is not None:
                    y = (y - spec['target_mean']) / spec['target_std']
            yield split_of_row(position, split['seed'], split['validation'], split['test']), x, float(y)

    def shaped(self, ys):
        y = torch.tensor(ys, dtype=torch.float64)
        # CrossEntropyLoss takes class indices; the other losses a column of values.
        return y.long() if CLASS_INDEX_TARGETS else y.reshape(-1, 1).to(self.dtype)

    def begin_run(self, shuffle_seed, batch_size=None):
        """A run's shuffle buffer draws from its own generator (None: file order); the loop cuts the batches."""
        self.rng = None if shuffle_seed is None else EngineRng(shuffle_seed)

    def begin_epoch(self):
        self.source = (row for row in self.rows() if row[0] == 0)
        self.buffer = []

    def next_row(self):
        """The next training row through the shuffle buffer (tf.data's shuffle), or None at the end."""
        source, buffer = self.source, self.buffer
        if self.rng is None:
            return next(source, None)
        while len(buffer) < self.spec['shuffle_buffer']:
            row = next(source, None)
            if row is None:
                break
            buffer.append(row)
        if not buffer:
            return None
        j = self.rng.int(len(buffer))
        row = buffer[j]
        # The slot takes the next row of the file, or the last buffered row once the file is done.
        following = next(source, None)
        if following is not None:
            buffer[j] = following
        else:
            last = buffer.pop()
            if j < len(buffer):
                buffer[j] = last
        return row

    def next_batch(self, rows):
        xs, ys = [], []
        for _ in range(rows):
            row = self.next_row()
            if row is None:
                self.changed('fewer training rows than the run (%d)' % self.n_train)
            xs.append(row[1])
            ys.append(row[2])
        return torch.tensor(xs, dtype=torch.float64).to(self.dtype), self.shaped(ys)

    def train_loss(self, model, l2):
        return self.losses(model, l2)[0]

    def validation(self, model, l2):
        return self.losses(model, l2)[1]

    def losses(self, model, l2):
        """(training loss, validation) as the engine's evaluation pass: one read, blocks of block_rows."""
        params = [p.detach().clone() for p in model.parameters()]
        cached = self.cache
        if cached is not None and cached[0] == l2 and all(torch.equal(a, b) for a, b in zip(cached[1], params)):
            return cached[2]
        block = self.spec['block_rows']
        pending = {0: ([], []), 1: ([], [])}
        sums, seen = {0: 0.0, 1: 0.0}, {0: 0, 1: 0}
        outputs, targets = [], []
        penalty = None

        def flush(which):
            nonlocal penalty
            xs, ys = pending[which]
            if not xs:
                return
            X = torch.tensor(xs, dtype=torch.float64).to(self.dtype)
            y = self.shaped(ys)
            with torch.no_grad():
                out = model(X)
                loss = float(loss_fn(out, y))
                if which == 0 and penalty is None:
                    penalty = float(objective(model, X, y, l2=l2)) - loss
            sums[which] += loss * len(xs)
            seen[which] += len(xs)
            if which == 1:
                outputs.append(out)
                targets.append(y)
            pending[which] = ([], [])

        was_training = model.training
        model.eval()
        try:
            for split, x, y in self.rows():
                if split == 2:
                    continue
                xs, ys = pending[split]
                xs.append(x)
                ys.append(y)
                if len(xs) == block:
                    flush(split)
            flush(0)
            flush(1)
        finally:
            model.train(was_training)
        counts = self.spec['counts']
        if seen[0] != counts['train'] or seen[1] != counts['validation']:
            self.changed('%d training and %d validation rows, the run had %d and %d' % (seen[0], seen[1], counts['train'], counts['validation']))
        train_loss = sums[0] / seen[0] + penalty
        validation = None
        if seen[1] > 0:
            validation = scores(torch.cat(outputs), torch.cat(targets), self.target_scale, sums[1] / seen[1])
        self.cache = (l2, params, (train_loss, validation))
        return self.cache[2]
`;
