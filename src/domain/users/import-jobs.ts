import type { UserImportJobType } from '@aws-sdk/client-cognito-identity-provider';
import { ALNUM, randomString } from '../../platform/random.js';
import type { PoolRecord } from '../../store/types.js';
import type { Deps } from '../deps.js';
import { CognitoError, invalidParameter, resourceNotFound } from '../errors.js';
import { decodePageToken, page, type Page, type PageRequest } from '../pagination.js';
import { PoolRecords } from '../pool-records.js';
import { getPool } from '../pools/pools.js';
import { serially } from '../serial.js';
import { autoVerifiedAttributes, schemaAttributes } from '../pools/config.js';
import { checkNewUserAttributes, type Attributes } from './attributes.js';
import { parseRecords } from './import-csv.js';
import { insertUser, newUser } from './users.js';

/**
 * User import jobs (CreateUserImportJob … StopUserImportJob), as Cognito documents them:
 * https://docs.aws.amazon.com/cognito/latest/developerguide/cognito-user-pools-using-import-tool.html
 * - CreateUserImportJob answers a `PreSignedUrl` for a PUT of the CSV file; cognate serves that URL itself
 *   (http/import-upload.ts) for 15 minutes, as the real S3 URL lasts (`X-Amz-Expires=899`). The file is kept in
 *   pieces of whole records, never as one string.
 * - A job not started within 24 hours is `Expired` (Cognito: 24–48 hours).
 * - StartUserImportJob answers at once (`Pending`); the import runs in the background in batches (`InProgress`,
 *   counters updated after every batch) and ends `Succeeded`, or `Failed` for a file it cannot read, or `Stopped`
 *   after StopUserImportJob (`Stopping` until the running batch is done).
 * - Users are created in RESET_REQUIRED (no password is imported). A row that cannot be imported counts in
 *   FailedUsers, a user that exists already in SkippedUsers; neither stops the job. Each such row is logged (line
 *   number and reason, never its values) — where Cognito writes to CloudWatch Logs.
 */
export type ImportJobStatus = 'Created' | 'Pending' | 'InProgress' | 'Stopping' | 'Expired' | 'Stopped' | 'Failed' | 'Succeeded';

export interface ImportJobRecord {
  jobId: string;
  jobName: string;
  cloudWatchLogsRoleArn: string;
  preSignedUrl: string;
  status: ImportJobStatus;
  createdAt: number;
  startedAt?: number;
  completedAt?: number;
  imported: number;
  skipped: number;
  failed: number;
  completionMessage?: string;
  /** How many pieces of the uploaded file are stored (import-upload). */
  pieces: number;
}

export const UPLOAD_TTL_MS = 15 * 60 * 1000;
export const EXPIRY_MS = 24 * 60 * 60 * 1000;
/** Users created per batch: one group commit on SQLite, and the unit of progress and of stopping. */
export const BATCH_SIZE = 250;
const LIST_DEFAULT = 60;

const jobs = new PoolRecords<ImportJobRecord>('import-jobs');
const pieces = new PoolRecords<{ text: string }>('import-csv');
export const UPLOAD_NAMESPACE = 'import-upload';

const pieceKey = (jobId: string, n: number) => `${jobId}/${String(n).padStart(8, '0')}`;
/** Jobs list in creation order: keys sort by creation time, then id. */
const jobKey = (job: Pick<ImportJobRecord, 'createdAt' | 'jobId'>) => `${String(job.createdAt).padStart(15, '0')}-${job.jobId}`;
const jobIndex = new PoolRecords<{ key: string }>('import-job-ids');

export function describeJob(poolId: string, job: ImportJobRecord, now: number): UserImportJobType {
  const status = job.status === 'Created' && now - job.createdAt >= EXPIRY_MS ? 'Expired' : job.status;
  return {
    JobName: job.jobName,
    JobId: job.jobId,
    UserPoolId: poolId,
    PreSignedUrl: job.preSignedUrl,
    CreationDate: new Date(job.createdAt),
    ...(job.startedAt !== undefined ? { StartDate: new Date(job.startedAt) } : {}),
    ...(job.completedAt !== undefined ? { CompletionDate: new Date(job.completedAt) } : {}),
    Status: status,
    CloudWatchLogsRoleArn: job.cloudWatchLogsRoleArn,
    ImportedUsers: job.imported,
    SkippedUsers: job.skipped,
    FailedUsers: job.failed,
    ...(job.completionMessage ? { CompletionMessage: job.completionMessage } : {}),
  };
}

/** The header GetCSVHeader answers: every schema attribute but sub, then cognito:mfa_enabled and cognito:username. */
export function csvHeader(pool: PoolRecord): string[] {
  const names = schemaAttributes(pool)
    .map((a) => a.Name!)
    .filter((n) => n !== 'sub');
  return [...names, 'cognito:mfa_enabled', 'cognito:username'];
}

export async function getJob(deps: Pick<Deps, 'store' | 'clock'>, poolId: string, jobId: string): Promise<ImportJobRecord> {
  const job = await jobs.get(deps, poolId, jobId);
  if (!job) throw resourceNotFound(`Import job ${jobId} does not exist.`);
  return job;
}

export async function createJob(
  deps: Pick<Deps, 'store' | 'clock' | 'random' | 'hashSecret' | 'issuer'>,
  pool: PoolRecord,
  input: { jobName: string; cloudWatchLogsRoleArn: string },
): Promise<ImportJobRecord> {
  const now = deps.clock.now();
  const jobId = `import-${randomString(deps.random, 10, ALNUM)}`;
  const token = randomString(deps.random, 43, ALNUM);
  // The server's public base URL, as in the tokens' issuer (`<base>/<poolId>`).
  const base = deps.issuer('').replace(/\/$/, '');
  const job: ImportJobRecord = {
    jobId,
    jobName: input.jobName,
    cloudWatchLogsRoleArn: input.cloudWatchLogsRoleArn,
    preSignedUrl: `${base}/_cognate/import/${token}`,
    status: 'Created',
    createdAt: now,
    imported: 0,
    skipped: 0,
    failed: 0,
    pieces: 0,
  };
  await jobs.put(deps, pool.id, jobId, job);
  await jobIndex.put(deps, pool.id, jobKey(job), { key: jobId });
  await deps.store.kv.put(UPLOAD_NAMESPACE, deps.hashSecret(token), { poolId: pool.id, jobId }, now + UPLOAD_TTL_MS);
  return job;
}

export async function listJobs(deps: Pick<Deps, 'store' | 'clock'>, poolId: string, { maxResults, token }: PageRequest): Promise<Page<ImportJobRecord>> {
  const after = decodePageToken('import-jobs', token);
  const limit = maxResults ?? LIST_DEFAULT;
  const keys = (await jobIndex.list(deps, poolId)).map((r) => r.key).filter((k) => after === undefined || k > after);
  const { items, next } = page(keys.slice(0, limit + 1), limit, (k) => k, 'import-jobs');
  const found: ImportJobRecord[] = [];
  for (const k of items) {
    const job = await jobs.get(deps, poolId, k.slice(k.indexOf('-') + 1));
    if (job) found.push(job);
  }
  return { items: found, next };
}

/** The upload behind a pre-signed URL's token, while it is valid and its job not started. */
export async function uploadTarget(deps: Pick<Deps, 'store' | 'clock' | 'hashSecret'>, token: string): Promise<{ poolId: string; jobId: string } | undefined> {
  const target = (await deps.store.kv.get(UPLOAD_NAMESPACE, deps.hashSecret(token), deps.clock.now())) as { poolId: string; jobId: string } | undefined;
  if (!target) return undefined;
  const job = await jobs.get(deps, target.poolId, target.jobId);
  return job && job.status === 'Created' ? target : undefined;
}

/** Stores the uploaded file's pieces (each a run of whole records), replacing an earlier upload. */
export async function storeUpload(deps: Pick<Deps, 'store' | 'clock'>, poolId: string, jobId: string, texts: AsyncIterable<string>): Promise<number> {
  let n = 0;
  for await (const text of texts) await pieces.put(deps, poolId, pieceKey(jobId, n++), { text });
  await serially(`import:${jobId}`, async () => {
    const job = await getJob(deps, poolId, jobId);
    for (let i = n; i < job.pieces; i++) await pieces.delete(deps, poolId, pieceKey(jobId, i));
    await jobs.put(deps, poolId, jobId, { ...job, pieces: n });
  });
  return n;
}

export async function startJob(deps: Deps, pool: PoolRecord, jobId: string): Promise<ImportJobRecord> {
  const autoVerified: string[] = autoVerifiedAttributes(pool);
  const started = await serially(`import:${jobId}`, async () => {
    const job = await getJob(deps, pool.id, jobId);
    const now = deps.clock.now();
    const shown = describeJob(pool.id, job, now).Status;
    if (shown !== 'Created') throw invalidParameter(`Import job ${jobId} cannot be started: its status is ${shown}.`);
    if (autoVerified.length === 0) {
      throw new CognitoError('PreconditionNotMetException', 'The user pool has no auto-verified attributes (email or phone_number): imported users could not reset their passwords.');
    }
    if (job.pieces === 0) throw new CognitoError('PreconditionNotMetException', `No CSV file has been uploaded for import job ${jobId}.`);
    const next: ImportJobRecord = { ...job, status: 'Pending', startedAt: now };
    await jobs.put(deps, pool.id, jobId, next);
    return next;
  });
  // Off the request path: the answer says Pending; the import itself runs in batches between requests.
  setImmediate(() => {
    runImport(deps, pool.id, jobId).catch((e: unknown) => deps.log.error('user import failed', { poolId: pool.id, jobId, error: String(e) }));
  });
  return started;
}

export async function stopJob(deps: Pick<Deps, 'store' | 'clock'>, poolId: string, jobId: string): Promise<ImportJobRecord> {
  return serially(`import:${jobId}`, async () => {
    const job = await getJob(deps, poolId, jobId);
    if (job.status !== 'Pending' && job.status !== 'InProgress') {
      throw invalidParameter(`Import job ${jobId} cannot be stopped: its status is ${describeJob(poolId, job, deps.clock.now()).Status}.`);
    }
    const next: ImportJobRecord = { ...job, status: 'Stopping' };
    await jobs.put(deps, poolId, jobId, next);
    return next;
  });
}

interface Progress {
  imported: number;
  skipped: number;
  failed: number;
}

/** Writes progress; answers false when the job was asked to stop (and marks it Stopped). */
async function checkpoint(deps: Pick<Deps, 'store' | 'clock'>, poolId: string, jobId: string, p: Progress, end?: Partial<ImportJobRecord>): Promise<boolean> {
  return serially(`import:${jobId}`, async () => {
    const job = await getJob(deps, poolId, jobId);
    const now = deps.clock.now();
    if (job.status === 'Stopping') {
      await jobs.put(deps, poolId, jobId, { ...job, ...p, status: 'Stopped', completedAt: now, completionMessage: 'Import job was stopped.' });
      return false;
    }
    await jobs.put(deps, poolId, jobId, { ...job, ...p, status: 'InProgress', ...(end ? { ...end, completedAt: now } : {}) });
    return true;
  });
}

async function runImport(deps: Deps, poolId: string, jobId: string): Promise<void> {
  const progress: Progress = { imported: 0, skipped: 0, failed: 0 };
  const fail = (message: string) => checkpoint(deps, poolId, jobId, progress, { status: 'Failed', completionMessage: message });
  if (!(await checkpoint(deps, poolId, jobId, progress))) return;
  const job = await getJob(deps, poolId, jobId);
  let header: string[] | undefined;
  let line = 0;
  for (let n = 0; n < job.pieces; n++) {
    const pool = await getPool(deps, poolId).catch(() => undefined);
    if (!pool) return; // the pool was deleted: its jobs went with it
    const piece = await pieces.get(deps, poolId, pieceKey(jobId, n));
    if (!piece) return void (await fail('The uploaded file is no longer available.'));
    const rows = parseRecords(piece.text);
    let i = 0;
    if (!header) {
      const first = rows[i++];
      if (!first || first instanceof Error) return void (await fail('The CSV file has no valid header row.'));
      const problem = headerProblem(pool, first);
      if (problem) return void (await fail(problem));
      header = first;
      line++;
    }
    for (; i < rows.length; i += BATCH_SIZE) {
      const batch = rows.slice(i, i + BATCH_SIZE);
      const outcomes = await Promise.all(batch.map((row, k) => importRow(deps, pool, header!, row).then((o) => ({ o, line: line + k + 1 }))));
      for (const { o, line: at } of outcomes) {
        if (o === 'imported') progress.imported++;
        else if (o === 'skipped') progress.skipped++;
        else progress.failed++;
        if (o !== 'imported') deps.log.warn('user import row not imported', { poolId, jobId, line: at, outcome: o === 'skipped' ? 'skipped' : 'failed', reason: o === 'skipped' ? 'The user already exists.' : o.reason });
      }
      line += batch.length;
      if (!(await checkpoint(deps, poolId, jobId, progress))) return;
      await new Promise((resolve) => setImmediate(resolve));
    }
  }
  if (!header) return void (await fail('The CSV file is empty.'));
  await checkpoint(deps, poolId, jobId, progress, { status: 'Succeeded', completionMessage: 'Import Job Completed Successfully.' });
}

function headerProblem(pool: PoolRecord, header: string[]): string | undefined {
  const known = new Set(csvHeader(pool));
  for (const column of header) if (!known.has(column)) return `The CSV header has a column that is not an attribute of the user pool: ${column}.`;
  for (const column of ['cognito:username', 'cognito:mfa_enabled']) if (!header.includes(column)) return `The CSV header has no ${column} column.`;
  return undefined;
}

type RowOutcome = 'imported' | 'skipped' | { reason: string };

async function importRow(deps: Deps, pool: PoolRecord, header: string[], row: string[] | Error): Promise<RowOutcome> {
  if (row instanceof Error) return { reason: row.message };
  if (row.length !== header.length) return { reason: `The row has ${row.length} fields; the header has ${header.length}.` };
  const values: Attributes = {};
  header.forEach((column, i) => {
    if (row[i] !== '') values[column] = row[i]!;
  });
  const username = values['cognito:username'];
  const mfa = values['cognito:mfa_enabled']?.toLowerCase();
  delete values['cognito:username'];
  delete values['cognito:mfa_enabled'];
  if (!username) return { reason: 'cognito:username is empty.' };
  if (mfa !== 'true' && mfa !== 'false') return { reason: 'cognito:mfa_enabled must be true or false.' };
  const autoVerified: string[] = autoVerifiedAttributes(pool);
  const verified = autoVerified.filter((a) => values[`${a}_verified`]?.toLowerCase() === 'true');
  if (autoVerified.length === 1 && verified.length === 0) return { reason: `${autoVerified[0]}_verified must be true.` };
  if (verified.length === 0) return { reason: 'email_verified or phone_number_verified must be true.' };
  if (mfa === 'true' && !values.phone_number) return { reason: 'cognito:mfa_enabled is true but the user has no phone_number.' };
  try {
    const attributes = checkNewUserAttributes(pool, values, { requireRequired: true });
    const user = newUser(deps, pool, username, attributes, 'RESET_REQUIRED');
    if (mfa === 'true') user.data = { ...user.data, mfaOptions: [{ DeliveryMedium: 'SMS', AttributeName: 'phone_number' }] };
    await insertUser(deps, pool, user, 'User account already exists');
    return 'imported';
  } catch (e) {
    if (e instanceof CognitoError) return e.type === 'UsernameExistsException' ? 'skipped' : { reason: e.message.trim() };
    throw e;
  }
}
