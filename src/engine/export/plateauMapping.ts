// How torch's ReduceLROnPlateau counts bad epochs, and the patience/cooldown that make Keras' and
// optax's callbacks cut the lr at the same epochs. The rules were read in the libraries' sources:
//   torch 1.13 torch/optim/lr_scheduler.py ReduceLROnPlateau.step: num_bad_epochs += 1 on a bad
//     epoch, zeroed while in cooldown (the counter is decremented in the same step), and a cut
//     when num_bad_epochs > patience, i.e. at the (patience + 1)-th bad epoch.
//   keras-team/keras keras/src/callbacks/reduce_lr_on_plateau.py (commit ac2ee342b119, Keras 3):
//     on_epoch_end decrements the cooldown counter first, then counts a bad epoch when no longer in
//     cooldown and cuts when wait >= patience: the patience-th bad epoch, and the epoch on which
//     the cooldown ends already counts.
//   google-deepmind/optax optax/contrib/_reduce_on_plateau.py (commit 682d3123a3c6): a bad value
//     increments plateau_count and the scale is cut when plateau_count == patience (patience 0
//     never cuts); while cooldown_count > 0 (checked before it is decremented) nothing counts.

/** A library's ReduceLROnPlateau settings that cut at the epochs torch's `patience`/`cooldown` cut. */
export interface PlateauSettings {
  patience: number;
  cooldown: number;
}

/** Per library: the settings that reproduce torch's cuts (test/engine/export/plateauRules.test.ts). */
export const PLATEAU_MAPPING: Record<'keras' | 'optax', (torch: PlateauSettings) => PlateauSettings> = {
  // Keras cuts at the patience-th bad epoch and counts the epoch its cooldown ends on.
  keras: (t) => ({ patience: t.patience + 1, cooldown: t.cooldown > 0 ? t.cooldown + 1 : 0 }),
  // optax cuts when the count equals patience; its cooldown skips the same epochs as torch's.
  optax: (t) => ({ patience: t.patience + 1, cooldown: t.cooldown }),
};
