/**
 * Automatic pagination through the model's paginators, as botocore's PageIterator does it for the CLI:
 * follow the output token until it is empty, stop at `--max-items` (then hand back a resume token, base64 of
 * the JSON `{"<InputToken>": ..., "boto_truncate_amount": n}`), resume from `--starting-token`, and send
 * `--page-size` as the paginator's limit key.
 */
import { asList, type Paginator } from './model.js';
import { CliError } from './errors.js';
import { isDict, pyJsonDumps, pyJsonLoads, type PyDict, type PyValue } from './python.js';

export interface PagingArgs {
  startingToken?: string;
  pageSize?: number;
  maxItems?: number;
}

export interface PageResult {
  pages: PyDict[];
  /** build_full_result(): the result keys concatenated across pages, plus NextToken when truncated */
  full: PyDict;
  resumeToken?: string;
}

function encodeToken(token: PyDict): string {
  return Buffer.from(pyJsonDumps(token), 'utf8').toString('base64');
}

function decodeToken(token: string, inputKeys: string[]): { next: PyDict; skip: number } {
  try {
    const parsed = pyJsonLoads(Buffer.from(token, 'base64').toString('utf8'));
    if (!isDict(parsed)) throw new Error('not a dict');
    const skip = typeof parsed.boto_truncate_amount === 'number' ? parsed.boto_truncate_amount : 0;
    delete parsed.boto_truncate_amount;
    return { next: parsed, skip };
  } catch {
    // botocore's deprecated format: tokens joined with "___", optionally followed by the truncation amount.
    const parts = token.split('___');
    const next: PyDict = {};
    inputKeys.forEach((k, i) => (next[k] = parts[i] ?? null));
    const extra = parts[inputKeys.length];
    return { next, skip: extra && /^\d+$/.test(extra) ? Number(extra) : 0 };
  }
}

export async function paginate(
  p: Paginator,
  params: PyDict,
  args: PagingArgs,
  call: (params: PyDict) => Promise<PyDict>,
): Promise<PageResult> {
  const inputKeys = asList(p.input_token);
  const outputKeys = asList(p.output_token);
  const resultKeys = asList(p.result_key);
  const primary = resultKeys[0];
  const current: PyDict = { ...params };
  let next: PyDict = Object.fromEntries(inputKeys.map((k) => [k, null]));
  let skip = 0;
  if (args.startingToken !== undefined) {
    ({ next, skip } = decodeToken(args.startingToken, inputKeys));
    for (const [k, v] of Object.entries(next)) if (v !== null) current[k] = v;
  }
  if (p.limit_key && args.pageSize !== undefined) current[p.limit_key] = args.pageSize;
  const pages: PyDict[] = [];
  let total = 0;
  let first = true;
  let previous: string | undefined;
  let resume: PyDict | undefined;
  for (;;) {
    const page = await call({ ...current });
    if (first && args.startingToken !== undefined) {
      const all = page[primary];
      if (Array.isArray(all)) page[primary] = all.slice(skip);
      for (const k of resultKeys.slice(1)) if (Array.isArray(page[k])) page[k] = [];
    } else skip = 0;
    first = false;
    const items = Array.isArray(page[primary]) ? (page[primary] as PyValue[]) : [];
    const truncate = args.maxItems !== undefined ? total + items.length - args.maxItems : 0;
    if (truncate > 0) {
      const keep = items.length - truncate;
      page[primary] = items.slice(0, keep);
      pages.push(page);
      resume = { ...next, boto_truncate_amount: keep + skip };
      break;
    }
    pages.push(page);
    total += items.length;
    next = {};
    outputKeys.forEach((k, i) => {
      const t = page[k];
      next[inputKeys[i]] = t ? t : null;
    });
    if (Object.values(next).every((t) => t === null)) break;
    if (args.maxItems !== undefined && total === args.maxItems) {
      resume = next;
      break;
    }
    const key = pyJsonDumps(next);
    if (previous === key) throw new CliError('general', `The same next token was received twice: ${key}`);
    previous = key;
    for (const [k, v] of Object.entries(next)) current[k] = v;
  }
  const full: PyDict = {};
  for (const page of pages) {
    for (const k of resultKeys) {
      const v = page[k];
      if (v === undefined || v === null) continue;
      const existing = full[k];
      if (existing === undefined) full[k] = Array.isArray(v) ? [...v] : v;
      else if (Array.isArray(existing) && Array.isArray(v)) existing.push(...v);
      else if (typeof existing === 'number' && typeof v === 'number') full[k] = existing + v;
      else if (typeof existing === 'string' && typeof v === 'string') full[k] = existing + v;
    }
  }
  const resumeToken = resume ? encodeToken(resume) : undefined;
  if (resumeToken) full.NextToken = resumeToken;
  return { pages, full, resumeToken };
}
