/**
 * Python that reads a data file as the engine reads it (src/engine/data): the same cell rules
 * (missing spellings, true/false, decimal numbers), the same one-hot levels, class labels, kept
 * rows, split, mean filling and standardization, all taken from the sidecar. It holds no user
 * text: names and paths reach it through the sidecar's JSON.
 */
export const PY_DATA_READER = String.raw`# ---------------------------------------------------------------------------------------------
# Data: read as the engine reads it (src/engine/data), rows, split and statistics from the sidecar.
# ---------------------------------------------------------------------------------------------
# What JavaScript's String.prototype.trim() removes (ECMAScript WhiteSpace and LineTerminator), which
# the engine uses: Python's str.strip() also removes U+001C-U+001F and U+0085, and keeps U+FEFF.
JS_SPACE = '\t\n\x0b\x0c\r \xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000\ufeff'
MISSING_TEXTS = {'', 'na', 'n/a', 'nan', '-nan', 'null', 'none', '<na>', '#n/a'}
DECIMAL = re.compile(r'[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?', re.ASCII)


def read_cell(cell):
    """('missing', None), ('number', float), ('boolean', bool) or ('text', str), as the engine reads a cell."""
    if cell is None:
        return 'missing', None
    if isinstance(cell, bool):
        return 'boolean', cell
    if isinstance(cell, (int, float)):
        value = float(cell)
        return ('number', value) if math.isfinite(value) else ('missing', None)
    text = str(cell).strip(JS_SPACE)
    lower = text.lower()
    if lower in MISSING_TEXTS:
        return 'missing', None
    if lower in ('true', 'false'):
        return 'boolean', lower == 'true'
    if DECIMAL.fullmatch(text):
        value = float(text)
        if math.isfinite(value):
            return 'number', value
    return 'text', text


def js_number_text(value):
    """A number as JavaScript's String(n) writes it, which is how the engine names a numeric label."""
    if value == 0:
        return '0'
    sign = '-' if value < 0 else ''
    whole, _, rest = repr(abs(value)).partition('.')
    frac, _, exp = rest.partition('e')
    if 'e' in whole:
        whole, _, exp = whole.partition('e')
    digits = (whole + frac).lstrip('0')
    point = len(whole) + int(exp or 0) - (len(whole + frac) - len(digits))
    digits = digits.rstrip('0') or '0'
    k = len(digits)
    if k <= point <= 21:
        return sign + digits + '0' * (point - k)
    if 0 < point <= 21:
        return sign + digits[:point] + '.' + digits[point:]
    if -6 < point <= 0:
        return sign + '0.' + '0' * -point + digits
    e = point - 1
    mantissa = digits[0] + ('.' + digits[1:] if k > 1 else '')
    return sign + mantissa + 'e' + ('+' if e >= 0 else '-') + str(abs(e))


def level_text(cell, kind, value):
    """The text a cell stands for as a category level (the engine's levelText)."""
    if kind == 'boolean':
        return 'true' if value else 'false'
    if isinstance(cell, str):
        return cell.strip(JS_SPACE)
    return js_number_text(float(cell))


def read_table(path, fmt, delimiter=None):
    """Column names and, per column, its cells (strings, numbers, booleans or None).

    delimiter: the CSV field separator the engine detected (comma, semicolon, tab or pipe).
    """
    if fmt in ('csv', 'tsv'):
        with open(path, newline='', encoding='utf-8-sig') as f:
            rows = [
                r
                for r in csv.reader(f, delimiter=delimiter or (',' if fmt == 'csv' else '\t'))
                if r and not (len(r) == 1 and r[0].strip(JS_SPACE) == '')
            ]
        names = [h.strip(JS_SPACE) or 'Unnamed: %d' % i for i, h in enumerate(rows[0])]
        for n, r in enumerate(rows[1:], start=1):
            if len(r) != len(names):
                sys.exit('%s: data row %d has %d fields, the header %d' % (path, n, len(r), len(names)))
        return names, [list(c) for c in zip(*rows[1:])]
    if fmt == 'parquet':
        import pandas  # reading Parquet needs pandas with pyarrow (or fastparquet)

        frame = pandas.read_parquet(path)
        records = [{k: (None if v is None or v != v else v) for k, v in r.items()} for r in frame.to_dict('records')]
    else:
        with open(path, encoding='utf-8-sig') as f:
            if fmt == 'jsonl':
                records = [json.loads(line) for line in f if line.strip(JS_SPACE)]
            else:
                doc = json.load(f)
                if isinstance(doc, dict):
                    columns = doc['columns']
                    return list(columns), [list(columns[n]) for n in columns]
                records = doc
    names = []
    for record in records:
        for key in record:
            if key not in names:
                names.append(key)
    return names, [[record.get(n) for record in records] for n in names]


def load_data(path, spec, dtype):
    """(X_train, y_train, X_val, y_val, target_scale) prepared as the run prepared them, or a streamed run's StreamedData.

    X_val and y_val are None without a validation split; target_scale is the std a standardized
    regression target was divided by (1.0 otherwise), so RMSE is reported in the target's units.
    """
    if spec.get('stream'):
        # A streamed run: batches and losses come from passes over the file (StreamedData).
        return StreamedData(path, spec, dtype)
    names, columns = read_table(path, spec['format'], spec.get('delimiter'))
    by_name = dict(zip(names, columns))
    rows = spec['rows']
    features = []
    for source in spec['features']:
        cells = by_name[source['column']]
        if source['kind'] == 'categorical':
            level = source['level']
            values = []
            for r in rows:
                kind, value = read_cell(cells[r])
                values.append(1.0 if kind != 'missing' and level_text(cells[r], kind, value) == level else 0.0)
        else:
            values = []
            for r in rows:
                kind, value = read_cell(cells[r])
                values.append(float('nan') if kind == 'missing' else float(value))
        features.append(values)
    X = torch.tensor(features, dtype=torch.float64).T.contiguous()
    if spec['missing_fill'] is not None:
        fill = torch.tensor(spec['missing_fill'], dtype=torch.float64).expand_as(X)
        X = torch.where(torch.isnan(X), fill, X)
    if spec['feature_mean'] is not None:
        X = (X - torch.tensor(spec['feature_mean'], dtype=torch.float64)) / torch.tensor(
            spec['feature_std'], dtype=torch.float64
        )
    target = by_name[spec['target_column']]
    if spec['task'] == 'regression':
        y = torch.tensor([read_cell(target[r])[1] for r in rows], dtype=torch.float64)
        if spec['target_mean'] is not None:
            y = (y - spec['target_mean']) / spec['target_std']
    else:
        index = {label: i for i, label in enumerate(spec['classes'])}
        labels = []
        for r in rows:
            kind, value = read_cell(target[r])
            if spec['target_kind'] == 'categorical':
                labels.append(level_text(target[r], kind, value))
            elif kind == 'boolean':
                labels.append('true' if value else 'false')
            else:
                labels.append(js_number_text(value))
        y = torch.tensor([index[label] for label in labels], dtype=torch.float64)
    used = torch.tensor(spec['train'] + spec['validation'], dtype=torch.long)
    check = spec['check']
    x_sum, y_sum = float(X[used].sum()), float(y[used].sum())
    if abs(x_sum - check['x_sum']) > 1e-9 * (check['x_abs_sum'] + 1) or abs(y_sum - check['y_sum']) > 1e-9 * (
        abs(check['y_sum']) + len(used)
    ):
        sys.exit('%s does not hold the data the run trained on (the prepared values differ)' % path)
    train = torch.tensor(spec['train'], dtype=torch.long)
    val = torch.tensor(spec['validation'], dtype=torch.long)

    def shaped(t):
        # CrossEntropyLoss takes class indices; the other losses a column of values.
        return t.long() if CLASS_INDEX_TARGETS else t.reshape(-1, 1).to(dtype)

    X_val = X[val].to(dtype) if len(val) > 0 else None
    y_val = shaped(y[val]) if len(val) > 0 else None
    return X[train].to(dtype), shaped(y[train]), X_val, y_val, spec['target_std'] or 1.0
`;
