"""The user's code as Optimizer Lab's Python runner meets it: loading the model file, finding and
calling its functions, and reporting an exception at the user's own line (docs/own-model.md).

Also the runner's output channel (one JSON line per message on stdout) and its exit codes, which
the engine (src/engine/runs/pythonRun.ts) reads. Only the standard library is used.
"""
import importlib.util
import inspect
import json
import math
import os
import sys
import traceback

EXIT_USER_ERROR = 3
EXIT_NO_TORCH = 4

# The runner's own files (this folder): never the user's frame, even when a workspace holds them.
BUNDLED = os.path.dirname(os.path.abspath(__file__))


def emit(message):
    """One JSON line on stdout; non-finite numbers become null (JSON has no NaN)."""
    sys.stdout.write(json.dumps(clean(message), separators=(',', ':')) + '\n')
    sys.stdout.flush()


def clean(v):
    if isinstance(v, float):
        return v if math.isfinite(v) else None
    if isinstance(v, dict):
        return {k: clean(x) for k, x in v.items()}
    if isinstance(v, (list, tuple)):
        return [clean(x) for x in v]
    return v


def import_torch():
    try:
        import torch  # noqa: F401
    except ImportError as e:
        emit({
            'type': 'error',
            'kind': 'torch-missing',
            'message': 'PyTorch is not installed for %s (%s)' % (sys.executable, e),
            'python': sys.executable,
        })
        sys.exit(EXIT_NO_TORCH)
    return torch


class UserCodeError(Exception):
    """An exception raised in the user's code, with where it happened."""


def user_frame(tb, root):
    """The innermost traceback frame in a file under root (the user's code), or None."""
    found = None
    for frame in traceback.extract_tb(tb):
        path = os.path.abspath(frame.filename)
        if path.startswith(root + os.sep) and os.path.dirname(path) != BUNDLED:
            found = frame
    return found


def report_exception(e, root):
    frame = user_frame(e.__traceback__, root)
    location = None if frame is None else {'file': os.path.abspath(frame.filename), 'line': frame.lineno}
    # A syntax error in the user's file has no frame there: the file and line are the error's own.
    if isinstance(e, SyntaxError) and e.filename and os.path.abspath(e.filename).startswith(root + os.sep):
        location = {'file': os.path.abspath(e.filename), 'line': e.lineno or 1}
    emit({
        'type': 'error',
        'kind': 'user' if location is not None else 'runner',
        'message': '%s: %s' % (type(e).__name__, e),
        'location': location,
        'traceback': ''.join(traceback.format_exception(type(e), e, e.__traceback__)),
    })


def load_module(path):
    folder = os.path.dirname(path)
    if folder not in sys.path:
        sys.path.insert(0, folder)  # the model file may import its neighbours
    name = os.path.splitext(os.path.basename(path))[0]
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


def function_of(module, name, path, what):
    fn = getattr(module, name, None)
    if not callable(fn):
        raise ValueError('%s has no function %r (the %s named in the experiment)' % (path, name, what))
    return fn


def call_factory(factory, n_features, n_outputs):
    """factory(), or factory(n_features, n_outputs) / with those keywords when it takes them."""
    params = inspect.signature(factory).parameters
    kwargs = {}
    if 'n_features' in params:
        kwargs['n_features'] = n_features
    if 'n_outputs' in params:
        kwargs['n_outputs'] = n_outputs
    return factory(**kwargs)
