/** Escapes text for HTML element content and quoted attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => HTML_ENTITIES[c]!);
}

const HTML_ENTITIES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/**
 * JSON text safe inside `<script type="application/json">`: `<`, `>` and `&` become `\u003c`,
 * `\u003e`, `\u0026`, so no user string can close the element (`</script>`) or switch the HTML
 * parser into its comment-like script states (`<!--`). U+2028/U+2029 are escaped as well so the
 * text is also a valid JavaScript literal. JSON.parse reads it back unchanged.
 */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value).replace(
    /[<>&\u2028\u2029]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

/**
 * A bundled script made safe to inline in a `<script>` element: a literal `</script` or `<!--`
 * (possible inside a string of a bundled library) is broken with a backslash, which JavaScript
 * strings and regular expressions ignore; the source-map comment is dropped because the map file
 * is not beside the report and a browser would try to fetch it.
 */
export function inlineScript(code: string): string {
  return code
    .replace(/^\/\/# sourceMappingURL=.*$/gm, '')
    .replace(/<\/(script)/gi, '<\\/$1')
    .replace(/<!--/g, '<\\!--');
}
