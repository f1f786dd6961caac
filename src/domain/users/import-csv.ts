/**
 * CSV for user import (RFC 4180: comma-separated, fields optionally in double quotes, "" for a quote inside one,
 * CRLF or LF line ends; a quoted field may hold line breaks). The file arrives and is kept in pieces, so records
 * are split off the front of a text as soon as they are complete.
 */

/**
 * The complete records at the start of `text` (up to and including the last line end that is outside quotes)
 * and the remainder, which belongs to the next piece.
 */
export function splitCompleteRecords(text: string): { complete: string; rest: string } {
  let inQuotes = false;
  let lastEnd = -1;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 34 /* " */) inQuotes = !inQuotes;
    else if (c === 10 /* \n */ && !inQuotes) lastEnd = i;
  }
  return { complete: text.slice(0, lastEnd + 1), rest: text.slice(lastEnd + 1) };
}

/** Parses complete records into rows of fields; blank lines are dropped. Malformed quoting yields an Error row. */
export function parseRecords(text: string): Array<string[] | Error> {
  const rows: Array<string[] | Error> = [];
  let fields: string[] = [];
  let field = '';
  let inQuotes = false;
  let quotedField = false;
  let bad = false;
  const endRecord = () => {
    fields.push(field);
    if (bad) rows.push(new Error('The row is not valid CSV (unbalanced quotes).'));
    else if (!(fields.length === 1 && fields[0] === '' && !quotedField)) rows.push(fields);
    fields = [];
    field = '';
    quotedField = false;
    bad = false;
  };
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (inQuotes) {
      if (c === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i++;
        } else inQuotes = false;
      } else field += c;
      continue;
    }
    if (c === '"') {
      if (field === '') {
        inQuotes = true;
        quotedField = true;
      } else bad = true;
    } else if (c === ',') {
      fields.push(field);
      field = '';
    } else if (c === '\n') {
      endRecord();
    } else if (c === '\r') {
      if (text[i + 1] !== '\n') field += c;
    } else field += c;
  }
  if (inQuotes) bad = true;
  if (field !== '' || fields.length > 0 || bad) endRecord();
  return rows;
}
