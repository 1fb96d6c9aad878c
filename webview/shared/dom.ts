// el: Creates an element with attributes and children (also replaceChildren).
type Child = Node | string | null | undefined | false;

/**
 * Creates an element with attributes and children. Text is always set as text nodes, never as
 * markup, so no user-supplied string can inject HTML; there is no `style` attribute either (the
 * CSP allows only the stylesheet and CSSOM).
 */
export function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Record<string, string | number | boolean | null | undefined> = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === null || v === undefined || v === false) continue;
    if (k === 'style') throw new Error('inline styles are blocked by the CSP; use a class');
    e.setAttribute(k, v === true ? '' : String(v));
  }
  for (const c of children) if (c !== null && c !== undefined && c !== false) e.append(c);
  return e;
}

/** Replaces every child of `parent`. */
export function replaceChildren(parent: Element, ...children: Child[]): void {
  parent.replaceChildren(
    ...children.filter((c): c is Node | string => c !== null && c !== undefined && c !== false),
  );
}
