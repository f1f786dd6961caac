/**
 * The SQL text in src/store/sql/ is written once for both dialects, with PostgreSQL's `$1…$n` placeholders numbered
 * in the order they appear and each used once (a value needed twice is passed twice). PostgreSQL runs the text as it
 * is; SQLite runs it with `?` in their place and binds the same argument list positionally, so neither adapter
 * reorders or copies arguments on a call. A text that breaks the rule is refused when it is first prepared.
 */
export function toQuestionMarks(text: string): string {
  let expected = 1;
  const out = text.replace(/\$(\d+)/g, (_, n: string) => {
    if (Number(n) !== expected) throw new Error(`placeholders must be $1…$n in order, each once: $${n} where $${expected} was due in ${text}`);
    expected++;
    return '?';
  });
  return out;
}
