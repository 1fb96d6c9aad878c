// LabUiState: The lab's view choices, kept with the webview state so a hidden or reloaded panel looks the
// same.
import { z } from 'zod';
import type { XMode } from './series';
import type { SortState } from './resultsModel';

/** The lab's view choices, kept with the webview state so a hidden or reloaded panel looks the same. */
export interface LabUiState {
  xMode: XMode;
  smoothing: number;
  logX: boolean;
  logY: boolean;
  hidden: string[];
  sort: SortState;
  filter: string;
}

export const DEFAULT_UI: LabUiState = {
  xMode: 'epoch',
  smoothing: 0,
  logX: false,
  logY: false,
  hidden: [],
  sort: { column: 'rank', direction: 'ascending' },
  filter: '',
};

const uiSchema = z.object({
  xMode: z.enum(['step', 'epoch', 'time', 'bytes', 'commTime']),
  smoothing: z.number().min(0).max(0.999),
  logX: z.boolean(),
  logY: z.boolean(),
  hidden: z.array(z.string()),
  sort: z.object({ column: z.string(), direction: z.enum(['ascending', 'descending']) }),
  filter: z.string(),
});

const stateSchema = z.object({
  recordDirs: z.array(z.string()),
  follow: z.boolean(),
  ui: uiSchema,
});

/** Saved state read back defensively: anything unreadable (an older version) falls back to the defaults. */
export function readUiState(saved: unknown): { recordDirs: string[]; follow: boolean; ui: LabUiState } {
  const parsed = stateSchema.safeParse(saved);
  return parsed.success ? parsed.data : { recordDirs: [], follow: true, ui: { ...DEFAULT_UI } };
}
