// The run panel's optimizers: a fieldset per optimizer with torch's keywords, defaults as titles.
import { el, replaceChildren } from '../shared/dom';
import { hyperFields, type FormState } from './experimentForm';
import { field } from './formView';

export interface OptimizerEvents {
  remove(i: number): void;
  set(i: number, key: string, value: string | boolean): void;
}

/** Draws every optimizer of the form into `box`. */
export function renderOptimizers(box: HTMLElement, form: FormState, events: OptimizerEvents): void {
  replaceChildren(
    box,
    ...form.optimizers.map((o, i) => {
      const remove = el(
        'button',
        { type: 'button', class: 'icon', 'aria-label': `Remove ${o.name} #${i + 1}`, title: 'Remove' },
        '×',
      );
      remove.addEventListener('click', () => events.remove(i));
      const fields = hyperFields(o.name).map((f) => {
        const path = `optimizers.${i}.${f.key}`;
        const value = o.values[f.key];
        if (f.kind === 'boolean') {
          const box = el('input', { type: 'checkbox', 'data-path': path, checked: value === true });
          box.addEventListener('change', () => events.set(i, f.key, box.checked));
          return el('label', { class: 'flag', title: `default ${String(f.default)}` }, box, f.key);
        }
        const input = el('input', {
          type: 'text',
          'data-path': path,
          value: String(value ?? ''),
          spellcheck: 'false',
          title: `torch default: ${Array.isArray(f.default) ? f.default.join(', ') : String(f.default)}`,
        });
        input.addEventListener('input', () => events.set(i, f.key, input.value));
        return field(f.key, input);
      });
      return el(
        'fieldset',
        { class: 'optimizer' },
        el('legend', {}, `${o.name} #${i + 1}`, remove),
        el('div', { class: 'hyper' }, ...fields),
      );
    }),
  );
}
