/**
 * Python of the engine's training loop (src/engine/train/trainLoop.ts), operation for operation
 * (the one loop of every PyTorch export; the DDP export passes its all-reduce hooks as `parallel`):
 * per batch `loss; backward; [clip]; step; [per-step scheduler]`, the full-data losses after every
 * epoch, the per-epoch scheduler, Keras-style early stopping with restore-best, and divergence
 * detection. It reads its settings from the constants the generated script defines above it.
 */
export const PY_TRAIN_LOOP = String.raw`# ---------------------------------------------------------------------------------------------
# Training: the engine's loop (src/engine/train/trainLoop.ts), step for step.
# ---------------------------------------------------------------------------------------------
def objective(model, X, y, penalty=True, l2=L2):
    """The training loss; with penalty, plus l2 * (sum of squared weights), biases excluded."""
    loss = loss_fn(model(X), y)
    if penalty and l2 != 0:
        loss = loss + l2 * sum((p * p).sum() for name, p in model.named_parameters() if name.endswith('weight'))
    return loss


def evaluate(model, X_val, y_val, target_scale):
    """Validation loss (no penalty) and metrics, or None without a validation split."""
    if X_val is None:
        return None
    was_training = model.training
    model.eval()  # dropout off, batch norm's running statistics (a user's own model may have them)
    try:
        with torch.no_grad():
            out = model(X_val)
    finally:
        model.train(was_training)
    with torch.no_grad():
        return scores(out, y_val, target_scale, float(loss_fn(out, y_val)))


def scores(out, y_val, target_scale, loss):
    """The validation loss given and the metrics of the outputs against the targets."""
    with torch.no_grad():
        result = {'loss': loss}
        if TASK_METRICS == 'regression':
            # RMSE over every output, in the target's own units; R2 per output, then averaged.
            result['rmse'] = math.sqrt(float(((out - y_val) ** 2).mean())) * target_scale
            r2 = []
            for o in range(out.shape[1]):
                ss_tot = float(((y_val[:, o] - y_val[:, o].mean()) ** 2).sum())
                ss_res = float(((y_val[:, o] - out[:, o]) ** 2).sum())
                r2.append((1.0 if ss_res == 0 else 0.0) if ss_tot == 0 else 1 - ss_res / ss_tot)
            result['r2'] = sum(r2) / len(r2)
        elif TASK_METRICS == 'logits':
            # One logit per decision: positive means class 1.
            result['accuracy'] = float(((out > 0).to(y_val.dtype) == y_val).to(torch.float64).mean())
        else:
            result['accuracy'] = float((out.argmax(dim=1) == y_val).to(torch.float64).mean())
    return result


def monitored(name, train_loss, validation):
    if name == 'train_loss':
        return train_loss
    if validation is None:
        sys.exit('%s needs a validation split' % name)
    return validation['loss'] if name == 'val_loss' else validation[name[len('val_'):]]


def finite(x):
    return x is not None and math.isfinite(x)


def train(model, data, optimizer, scheduler, batch_orders, log=print, on_epoch=None, batch_size=BATCH_SIZE, l2=L2, parallel=None):
    """Trains as the engine did; returns status, steps, epochs and the final losses.

    on_epoch(epoch, train_loss, validation) is called after every epoch (sweeps report and prune
    there); batch_size and l2 default to the run's (sweeps vary them). parallel, when given, is a
    data-parallel process's hooks (the DDP export): its module runs the forward pass (the gradient
    exchange runs in backward), shard(rows) picks this process's rows of a batch, batch_loss(loss)
    all-reduces the batch loss, and start_epoch, traffic_line and result add the exchange's state.
    """
    # A streamed run (data.stream) reads its batches and losses from the file (StreamedData), a
    # data function's run from torch DataLoaders over its splits (FunctionData).
    stream = data if getattr(data, 'streamed', False) else None
    if stream is None:
        X_train, y_train, X_val, y_val, target_scale = data
        n = X_train.shape[0]
    else:
        stream.begin_run(batch_orders['shuffle_seed'] if SHUFFLE and batch_orders else None, batch_size)
        n = stream.n_train
    params = [p for p in model.parameters()]
    batch_rows = n if batch_size is None else min(batch_size, n)
    full_batch = batch_rows == n
    batches = math.ceil(n / batch_rows)
    order = torch.arange(n)

    def full_train_loss():
        if stream is not None:
            return stream.train_loss(model, l2)
        model.eval()
        try:
            with torch.no_grad():
                return float(objective(model, X_train, y_train, l2=l2))
        finally:
            model.train()

    def validate():
        if stream is not None:
            return stream.validation(model, l2)
        return evaluate(model, X_val, y_val, target_scale)

    def plateau_value(train_loss, validation):
        if PLATEAU_MONITOR == 'val_loss' and validation is not None:
            return validation['loss']
        return train_loss

    initial_loss = full_train_loss()
    validation = validate()
    log_epoch(log, 0, initial_loss, validation, optimizer)
    if on_epoch is not None:
        on_epoch(0, initial_loss, validation)
    best = {'value': float('nan'), 'epoch': -1, 'bad': 0, 'state': None}

    def early_update(value, epoch):
        es = EARLY_STOPPING
        if math.isnan(best['value']) or (
            value < best['value'] - es['min_delta'] if es['mode'] == 'min' else value > best['value'] + es['min_delta']
        ):
            best.update(value=value, epoch=epoch, bad=0)
            if es['restore_best']:
                best['state'] = {k: v.detach().clone() for k, v in model.state_dict().items()}
        else:
            best['bad'] += 1

    if EARLY_STOPPING is not None:
        early_update(monitored(EARLY_STOPPING['monitor'], initial_loss, validation), 0)
    status, steps, epochs = 'done', 0, 0
    for epoch in range(EPOCHS):
        if parallel is not None:
            parallel.start_epoch(epoch)
        if stream is not None:
            stream.begin_epoch()
        elif not full_batch and SHUFFLE:
            if batch_orders is None or epoch >= len(batch_orders):
                sys.exit('the sidecar holds no batch order for epoch %d' % epoch)
            order = torch.tensor(batch_orders[epoch], dtype=torch.long)
        stopped = False
        for b in range(batches):
            if MAX_STEPS is not None and steps >= MAX_STEPS:
                stopped = True
                break
            if stream is not None:
                X, y = stream.next_batch(min(batch_rows, n - b * batch_rows))
            elif parallel is not None:
                mine = parallel.shard(order[b * batch_rows : (b + 1) * batch_rows])
                X, y = X_train[mine], y_train[mine]
            elif full_batch:
                X, y = X_train, y_train
            else:
                rows = order[b * batch_rows : (b + 1) * batch_rows]
                X, y = X_train[rows], y_train[rows]
            optimizer.zero_grad()
            loss = objective(model if parallel is None else parallel.module, X, y, l2=l2)
            loss.backward()  # with parallel, the exchange runs in the hook: every process holds the averaged gradient
            if CLIP is not None and 'max_norm' in CLIP:
                grad_norm = float(torch.nn.utils.clip_grad_norm_(params, CLIP['max_norm'], CLIP['norm_type']))
            else:
                grad_norm = math.sqrt(sum(float((p.grad * p.grad).sum()) for p in params if p.grad is not None))  # a parameter the loss does not reach has no gradient
                if CLIP is not None:
                    torch.nn.utils.clip_grad_value_(params, CLIP['clip_value'])
            batch_loss = float(loss) if parallel is None else parallel.batch_loss(loss)
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
                    v = validate()
                    scheduler.step(batch_loss if v is None else v['loss'])
        if stopped or status == 'diverged':
            break
        epochs = epoch + 1
        train_loss = full_train_loss()
        validation = validate()
        log_epoch(log, epochs, train_loss, validation, optimizer)
        if parallel is not None:
            log(parallel.traffic_line())
        if on_epoch is not None:
            on_epoch(epochs, train_loss, validation)
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
                scheduler.step(plateau_value(train_loss, validation))
        if EARLY_STOPPING is not None:
            early_update(monitored(EARLY_STOPPING['monitor'], train_loss, validation), epochs)
            if best['bad'] > 0 and best['bad'] >= EARLY_STOPPING['patience']:
                status = 'early-stopped'
                break
    if EARLY_STOPPING is not None and best['state'] is not None and status != 'diverged':
        model.load_state_dict(best['state'])
    validation = validate()
    result = {
        'status': status,
        'steps': steps,
        'epochs': epochs,
        'best_epoch': best['epoch'] if EARLY_STOPPING is not None else None,
        'final_train_loss': full_train_loss(),
        'final_val_loss': None if validation is None else validation['loss'],
        'metrics': {} if validation is None else {k: v for k, v in validation.items() if k != 'loss'},
    }
    if parallel is not None:
        result.update(parallel.result())
    return result


def log_epoch(log, epoch, train_loss, validation, optimizer):
    val = 'None' if validation is None else repr(validation['loss'])
    log('epoch %5d  train_loss %r  val_loss %s  lr %r' % (epoch, train_loss, val, optimizer.param_groups[0]['lr']))
`;
