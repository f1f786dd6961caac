import { invalidParameter } from './errors.js';

/** Opaque pagination tokens: the last key of a page, base64url-encoded with a kind tag so tokens don't cross lists. */
export function encodePageToken(kind: string, lastKey: string): string {
  return Buffer.from(JSON.stringify([kind, lastKey])).toString('base64url');
}

export function decodePageToken(kind: string, token: string | undefined): string | undefined {
  if (token === undefined || token === null || token === '') return undefined;
  try {
    const [k, key] = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as [string, string];
    if (k === kind && typeof key === 'string') return key;
  } catch {
    // falls through to the error below
  }
  throw invalidParameter('Invalid pagination token.');
}

/** What a list operation asks for: at most `maxResults` items (the operation's default when absent), after `token`. */
export interface PageRequest {
  maxResults?: number;
  token?: string;
}

/** One page of a list operation: its items, and the token of the next page when there is one. */
export interface Page<T> {
  items: T[];
  next?: string;
}

/** Fetches limit + 1 rows to know whether another page exists. */
export function page<T>(rows: T[], limit: number, keyOf: (row: T) => string, kind: string): Page<T> {
  if (rows.length <= limit) return { items: rows };
  const items = rows.slice(0, limit);
  return { items, next: encodePageToken(kind, keyOf(items[items.length - 1]!)) };
}
