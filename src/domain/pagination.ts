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

/** Fetches limit + 1 rows to know whether another page exists. */
export function page<T>(rows: T[], limit: number, keyOf: (row: T) => string, kind: string): { items: T[]; next?: string } {
  if (rows.length <= limit) return { items: rows };
  const items = rows.slice(0, limit);
  return { items, next: encodePageToken(kind, keyOf(items[items.length - 1]!)) };
}
