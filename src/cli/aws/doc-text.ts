/**
 * The text a `help` page is made of: the model's documentation strings (HTML, as botocore publishes them) and
 * the AWS CLI's examples (reStructuredText), turned into the plain man-page text the AWS CLI shows once groff
 * has rendered it and the terminal has dropped bold and underline. Inline elements (`<code>`, `<a>`, `<b>`,
 * `<i>`) keep their text followed by a space, as botocore's HTML-to-RST step writes them (`user.admin .`).
 * Paragraphs are filled to 79 columns, without groff's hyphenation and justification.
 */
export type Block =
  | { kind: 'p'; text: string }
  | { kind: 'li'; text: string; depth: number }
  | { kind: 'dt'; text: string }
  | { kind: 'note'; label: string; blocks: Block[] }
  | { kind: 'pre'; lines: string[] };

export const WIDTH = 79;

const ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'", nbsp: ' ' };

function decode(s: string): string {
  return s.replace(/&(#x[0-9a-fA-F]+|#\d+|\w+);/g, (m, e: string) => {
    if (e.startsWith('#x')) return String.fromCodePoint(parseInt(e.slice(2), 16));
    if (e.startsWith('#')) return String.fromCodePoint(parseInt(e.slice(1), 10));
    return ENTITIES[e] ?? m;
  });
}

const INLINE = new Set(['code', 'a', 'b', 'i', 'em', 'strong', 'u', 'span', 'fullname', 'function']);

/** botocore's HTML documentation → blocks. */
export function htmlBlocks(html: string): Block[] {
  const root: Block[] = [];
  const stack: { blocks: Block[]; label?: string }[] = [{ blocks: root }];
  let listDepth = 0;
  let text = '';
  let inLi = false;
  let inDt = false;
  const inline: { tag: string; start: number; nested: boolean }[] = [];
  const flush = () => {
    const t = text.replace(/\s+/g, ' ').trim();
    text = '';
    if (!t) return;
    const target = stack[stack.length - 1]!.blocks;
    if (inDt) target.push({ kind: 'dt', text: t });
    else if (inLi) {
      target.push({ kind: 'li', text: t, depth: listDepth });
      inLi = false;
    } else target.push({ kind: 'p', text: t });
  };
  const re = /<(\/?)([a-zA-Z]+)[^>]*?(\/?)>|([^<]+)/g;
  for (const m of html.matchAll(re)) {
    if (m[4] !== undefined) {
      text += decode(m[4]);
      continue;
    }
    const closing = m[1] === '/';
    const tag = m[2]!.toLowerCase();
    if (INLINE.has(tag)) {
      // Emphasis nested with another inline element (wrapping it or inside it) is not valid RST, so its marks
      // stay in the text (`In *sandbox mode*, you`, `status (called **Enabled** in …)`); other inline elements
      // end with the space botocore writes after them.
      if (!closing) {
        inline.push({ tag, start: text.length, nested: inline.length > 0 });
        if (inline.length > 1) inline.forEach((e) => (e.nested = true));
        continue;
      }
      const open = inline.pop();
      const mark = tag === 'i' || tag === 'em' ? '*' : tag === 'b' || tag === 'strong' ? '**' : '';
      if (open && mark && open.nested && open.tag === tag) {
        text = text.slice(0, open.start) + mark + text.slice(open.start).trim() + mark;
      } else text += ' ';
      continue;
    }
    if (tag === 'br') {
      text += ' ';
      continue;
    }
    if (tag === 'ul' || tag === 'ol') {
      flush();
      listDepth += closing ? -1 : 1;
    } else if (tag === 'li') {
      flush();
      inLi = !closing;
    } else if (tag === 'dt') {
      flush();
      inDt = !closing;
    } else if (tag === 'note' || tag === 'important') {
      flush();
      if (!closing) stack.push({ blocks: [], label: tag === 'note' ? 'NOTE:' : 'WARNING:' });
      else if (stack.length > 1) {
        const done = stack.pop()!;
        stack[stack.length - 1]!.blocks.push({ kind: 'note', label: done.label!, blocks: done.blocks });
      }
    } else {
      // p, dd, dl, div and anything else: a paragraph boundary (botocore renders <important> as a WARNING admonition)
      flush();
    }
  }
  flush();
  while (stack.length > 1) {
    const done = stack.pop()!;
    stack[stack.length - 1]!.blocks.push({ kind: 'note', label: done.label!, blocks: done.blocks });
  }
  return root;
}

function rstInline(s: string): string {
  return s
    .replace(/`([^`<]*?)\s*<[^>]*>`_{1,2}/g, '$1') // `text <url>`__
    .replace(/``([^`]*)``/g, '$1')
    .replace(/\*\*([^*]+)\*\*/g, '$1')
    .replace(/\*([^*]+)\*/g, '$1')
    .replace(/:\w+:`([^`]*)`/g, '$1')
    .replace(/`([^`]*)`/g, '$1');
}

/** The CLI's examples (reStructuredText): paragraphs, `::` literal blocks, bullet lists, inline markup. */
export function rstBlocks(rst: string): Block[] {
  const out: Block[] = [];
  const lines = rst.replace(/\r\n/g, '\n').split('\n');
  let para: string[] = [];
  let literalNext = false;
  const flush = () => {
    if (!para.length) return;
    let t = para.join(' ').replace(/\s+/g, ' ').trim();
    para = [];
    if (t.endsWith('::')) {
      literalNext = true;
      t = t.replace(/\s*::$/, t.endsWith(' ::') ? '' : ':');
    }
    if (!t) return;
    if (/^[-*] /.test(t)) out.push({ kind: 'li', text: rstInline(t.slice(2)), depth: 1 });
    else out.push({ kind: 'p', text: rstInline(t) });
  };
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (line.trim() === '') {
      flush();
      continue;
    }
    if (literalNext && /^\s/.test(line)) {
      const block: string[] = [];
      const indent = line.length - line.trimStart().length;
      while (i < lines.length && (lines[i]!.trim() === '' || lines[i]!.length - lines[i]!.trimStart().length >= indent)) {
        block.push(lines[i]!.slice(Math.min(indent, lines[i]!.length)));
        i++;
      }
      i--;
      while (block.length && block[block.length - 1]!.trim() === '') block.pop();
      out.push({ kind: 'pre', lines: block });
      literalNext = false;
      continue;
    }
    if (/^[-*] /.test(line) && para.length) flush();
    para.push(line.trim());
  }
  flush();
  return out;
}

export function fill(text: string, indent: number, firstPrefix = '', restIndent = indent + firstPrefix.length): string[] {
  const words = text.split(' ').filter(Boolean);
  const lines: string[] = [];
  let line = ' '.repeat(indent) + firstPrefix;
  let empty = true;
  for (const w of words) {
    if (!empty && line.length + 1 + w.length > WIDTH) {
      lines.push(line);
      line = ' '.repeat(restIndent) + w;
      continue;
    }
    line += (empty ? '' : ' ') + w;
    empty = false;
  }
  if (!empty || firstPrefix) lines.push(line);
  return lines;
}

/** Blocks → lines at an indent, a blank line between blocks (a `dt` follows its predecessor directly). */
export function renderBlocks(blocks: Block[], indent: number): string[] {
  const out: string[] = [];
  for (const b of blocks) {
    if (out.length && b.kind !== 'dt') out.push('');
    switch (b.kind) {
      case 'p':
        out.push(...fill(b.text, indent));
        break;
      case 'li':
        out.push(...fill(b.text, indent + 2 * (b.depth - 1), 'o '));
        break;
      case 'dt':
        out.push(...fill(b.text, indent + 4));
        break;
      case 'note':
        out.push(' '.repeat(indent) + b.label, ...renderBlocks(b.blocks, indent + 3));
        break;
      case 'pre':
        out.push(...b.lines.map((l) => (l ? ' '.repeat(indent + 3) + l : '')));
        break;
    }
  }
  return out;
}
