// Which of the form's problems are shown: none before the user did anything; a field's problem once
// the user changed that field; all of them once the user pressed Run (as a form on the web does).
import type { FormIssue } from './experimentForm';

/** What the user did so far. */
export interface Interaction {
  /** Paths of the fields the user changed (`optimizers.0.lr`, `training.epochs`). */
  touched: ReadonlySet<string>;
  /** Run was pressed. */
  submitted: boolean;
}

/**
 * The issues to show. A field's issue shows once the field was touched; issues under a touched
 * prefix too (`training.seeds.1` after `training.seeds`), and a touched optimizer's cross-field
 * rules (`optimizers.0.nesterov` after its momentum was edited). After Run, all of them.
 */
export function visibleIssues(issues: readonly FormIssue[], done: Interaction): FormIssue[] {
  if (done.submitted) return [...issues];
  return issues.filter((i) => {
    for (const t of done.touched) {
      if (i.path === t || i.path.startsWith(`${t}.`)) return true;
      const optimizer = /^optimizers\.\d+/.exec(t)?.[0];
      if (optimizer && i.path.startsWith(`${optimizer}.`)) return true;
    }
    return false;
  });
}

/** Whether the page shows more below the fold: the hint that the form scrolls. */
export function moreBelow(scrollTop: number, viewportHeight: number, contentHeight: number): boolean {
  // A pixel of slack: zoomed pages report fractional heights.
  return scrollTop + viewportHeight < contentHeight - 1;
}
