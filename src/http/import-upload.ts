import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Deps } from '../domain/deps.js';

/**
 * PUT /_cognate/import/<token>: the pre-signed URL of CreateUserImportJob (Cognito's is an S3 URL). Like S3's, it
 * needs no other credentials: the unguessable token is the authorization, valid 15 minutes and until the job
 * starts. The body is streamed and stored in pieces of whole CSV records (domain/users/import-jobs.ts), up to
 * Cognito's 100 MB file limit. Errors are S3-style XML, as an S3 client would expect.
 */
export const MAX_IMPORT_BYTES = 100 * 1024 * 1024;
const PIECE_CHARS = 256 * 1024;
const PATH = /^\/_cognate\/import\/([A-Za-z0-9]{20,100})$/;

export async function handleImportUpload(req: IncomingMessage, res: ServerResponse, deps: Deps): Promise<boolean> {
  const m = req.method === 'PUT' && req.url ? PATH.exec(req.url.split('?')[0]!) : null;
  if (!m) return false;
  // The import modules load with the first upload: every request passes through here, and start-up need not load them.
  const [{ splitCompleteRecords }, { storeUpload, uploadTarget }] = await Promise.all([import('../domain/users/import-csv.js'), import('../domain/users/import-jobs.js')]);
  const target = await uploadTarget(deps, m[1]!);
  if (!target) {
    req.resume();
    s3Error(res, 403, 'AccessDenied', 'Request has expired or the import job has already started.');
    return true;
  }
  let tooLarge = false;
  async function* piecesOf(): AsyncGenerator<string> {
    let size = 0;
    let pending = '';
    req.setEncoding('utf8');
    for await (const chunk of req as AsyncIterable<string>) {
      size += Buffer.byteLength(chunk);
      if (size > MAX_IMPORT_BYTES) {
        tooLarge = true;
        return;
      }
      pending += chunk;
      if (pending.length >= PIECE_CHARS) {
        const { complete, rest } = splitCompleteRecords(pending);
        if (complete) yield complete;
        pending = rest;
      }
    }
    if (pending) yield pending;
  }
  await storeUpload(deps, target.poolId, target.jobId, piecesOf());
  if (tooLarge) {
    await storeUpload(deps, target.poolId, target.jobId, (async function* () {})());
    s3Error(res, 400, 'EntityTooLarge', `Your proposed upload exceeds the maximum allowed size of ${MAX_IMPORT_BYTES} bytes.`);
    req.destroy();
    return true;
  }
  res.writeHead(200, { 'content-length': '0' });
  res.end();
  return true;
}

function s3Error(res: ServerResponse, status: number, code: string, message: string): void {
  const body = `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${message}</Message></Error>`;
  res.writeHead(status, { 'content-type': 'application/xml', 'content-length': String(Buffer.byteLength(body)) });
  res.end(body);
}
