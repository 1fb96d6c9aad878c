// The part of a run's data sidecar that in-memory and streamed runs share: the file and its encoding.
import type { FeatureSource } from '../data/encode';

/** What every data sidecar says of the file and its encoding, in memory or streamed. */
export interface SidecarData {
  path: string;
  format: string;
  /** The CSV field separator the engine detected (null for other formats). */
  delimiter: string | null;
  target_column: string;
  /** How the target column was typed: class labels of a text column are its trimmed texts. */
  target_kind: 'numeric' | 'boolean' | 'categorical';
  task: 'regression' | 'binary' | 'multiclass';
  /** Class labels as the engine keys them, in class-index order. */
  classes: string[] | null;
  /** Encoded features in order: a numeric or boolean column, or one level of a categorical one. */
  features: FeatureSource[];
  missing_fill: number[] | null;
  feature_mean: number[] | null;
  feature_std: number[] | null;
  target_mean: number | null;
  target_std: number | null;
}
