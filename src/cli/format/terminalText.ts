// Text bound for a terminal, with the control characters a file may smuggle in made visible.

// C0 controls but tab and newline, DEL, and the C1 controls (0x80-0x9f, which some terminals
// treat like ESC sequences). Carriage return and ESC are included: a name must not move the cursor.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;

/**
 * Makes every control character of `text` visible as `\u001b`-style escapes, so names, messages
 * and values read from files cannot recolour, clear or rewrite the terminal. Newlines and tabs stay.
 */
export function terminalText(text: string): string {
  return text.replace(CONTROL, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
