/**
 * A tiny HTML tokenizer for reading reports back in tests: tags with their attributes, text with
 * the five entities the report writes decoded, and the raw text of <script> and <style> kept as
 * the browser would (up to the first `</script`). Comments and doctype are skipped.
 */
export type Token =
  | { type: 'open'; tag: string; attrs: Record<string, string>; raw: string }
  | { type: 'close'; tag: string }
  | { type: 'text'; text: string };

const ENTITIES: Record<string, string> = {
  '&lt;': '<',
  '&gt;': '>',
  '&quot;': '"',
  '&#39;': "'",
  '&amp;': '&',
};

export function decodeEntities(s: string): string {
  return s.replace(/&(lt|gt|quot|#39|amp);/g, (e) => ENTITIES[e]!);
}

export function tokenize(html: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < html.length) {
    const lt = html.indexOf('<', i);
    if (lt < 0) {
      out.push({ type: 'text', text: decodeEntities(html.slice(i)) });
      break;
    }
    if (lt > i) out.push({ type: 'text', text: decodeEntities(html.slice(i, lt)) });
    if (html.startsWith('<!--', lt)) {
      const end = html.indexOf('-->', lt);
      i = end < 0 ? html.length : end + 3;
      continue;
    }
    if (html.startsWith('<!', lt)) {
      i = html.indexOf('>', lt) + 1;
      continue;
    }
    const gt = html.indexOf('>', lt);
    const raw = html.slice(lt, gt + 1);
    i = gt + 1;
    const close = /^<\/([a-zA-Z0-9]+)\s*>$/.exec(raw);
    if (close) {
      out.push({ type: 'close', tag: close[1]!.toLowerCase() });
      continue;
    }
    const m = /^<([a-zA-Z0-9]+)([\s\S]*?)\/?>$/.exec(raw);
    if (!m) throw new Error(`not a tag at ${lt}: ${raw.slice(0, 40)}`);
    const tag = m[1]!.toLowerCase();
    const attrs: Record<string, string> = {};
    for (const a of m[2]!.matchAll(/([^\s=/>]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+)))?/g)) {
      attrs[a[1]!.toLowerCase()] = decodeEntities(a[2] ?? a[3] ?? a[4] ?? '');
    }
    out.push({ type: 'open', tag, attrs, raw });
    if (tag === 'script' || tag === 'style') {
      const end = html.toLowerCase().indexOf(`</${tag}`, i);
      out.push({ type: 'text', text: html.slice(i, end) });
      i = end;
    }
  }
  return out;
}

/** The cell texts of every row of the table with the given id: header row first. */
export function tableRows(tokens: Token[], id: string): string[][] {
  const start = tokens.findIndex((t) => t.type === 'open' && t.tag === 'table' && t.attrs['id'] === id);
  if (start < 0) throw new Error(`no table #${id}`);
  const rows: string[][] = [];
  let cell: string | null = null;
  for (const t of tokens.slice(start + 1)) {
    if (t.type === 'close' && t.tag === 'table') break;
    if (t.type === 'open' && t.tag === 'tr') rows.push([]);
    else if (t.type === 'open' && (t.tag === 'td' || t.tag === 'th')) cell = '';
    else if (t.type === 'close' && (t.tag === 'td' || t.tag === 'th')) {
      rows[rows.length - 1]!.push(cell!.trim());
      cell = null;
    } else if (t.type === 'text' && cell !== null) cell += t.text;
  }
  return rows;
}

/** The raw text inside the element with the given id (a <script> block). */
export function elementText(tokens: Token[], id: string): string {
  const i = tokens.findIndex((t) => t.type === 'open' && t.attrs['id'] === id);
  const next = tokens[i + 1];
  if (i < 0 || next?.type !== 'text') throw new Error(`no text element #${id}`);
  return next.text;
}
