import { performance } from 'node:perf_hooks';
import { Worker } from 'node:worker_threads';
import type { FunctionTarget } from '../config/config.js';
import type { FunctionInvoker, FunctionOutcome } from '../domain/triggers/port.js';
import { smithy } from './smithy.js';

/**
 * Runs trigger functions where the server configuration says they live (docs/triggers.md):
 * - `{ lambda }`: the Lambda Invoke API (`POST /2015-03-31/functions/<name>/invocations`, SigV4-signed), which SAM CLI's
 *   `start-lambda`, LocalStack, the runtime interface emulator and AWS Lambda itself serve;
 * - `{ module }`: a JavaScript module run in a worker thread, so a slow, hanging or crashing handler cannot stall or
 *   take down the server (a timed-out worker is terminated and the next invocation starts a fresh one);
 * - `{ url }`: a plain HTTP endpoint that receives the event as JSON and answers the event back.
 * Every invocation is limited to `timeoutMs` (Cognito's 5 s).
 * https://docs.aws.amazon.com/lambda/latest/api/API_Invoke.html
 */
export interface FunctionRunnerOptions {
  functions: Record<string, FunctionTarget>;
  timeoutMs: number;
  region: string;
  lambdaEndpoint?: string | undefined;
  credentials: { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
}

export interface FunctionRunner extends FunctionInvoker {
  close(): Promise<void>;
}

/** arn:aws:lambda:<region>:<account>:function:<name>[:<qualifier>] */
const LAMBDA_ARN = /^arn:[^:]+:lambda:([^:]*):[^:]*:function:([^:]+)(?::([^:]+))?$/;

export function createFunctionRunner(opts: FunctionRunnerOptions): FunctionRunner {
  const workers = new Map<string, ModuleWorker>();
  const run = async (arn: string, event: object): Promise<FunctionOutcome> => {
      const parsed = LAMBDA_ARN.exec(arn);
      const name = parsed?.[2] ?? arn;
      const target = opts.functions[arn] ?? opts.functions[name] ?? opts.functions['*'];
      // AWS answers a function Cognito may not (or can no longer) invoke with AccessDeniedException (re:Post knowledge
      // center "cognito-lambda-trigger-errors"): an unmapped function is cognate's equivalent.
      if (!target) return { kind: 'unavailable', reason: 'AccessDeniedException' };
      if ('module' in target) {
        const key = `${target.module}#${target.handler ?? 'handler'}`;
        let worker = workers.get(key);
        if (!worker) workers.set(key, (worker = new ModuleWorker(target.module, target.handler ?? 'handler')));
        return worker.run(event, opts.timeoutMs, { functionName: name, invokedFunctionArn: arn });
      }
      if ('url' in target) return postJson(target.url, event, opts.timeoutMs);
      const endpoint = target.lambda === true ? opts.lambdaEndpoint : target.lambda;
      if (!endpoint) return { kind: 'unavailable', reason: 'AccessDeniedException' };
      const region = parsed?.[1] || opts.region;
      return invokeApi(endpoint, target.function ?? name, parsed?.[3], region, event, opts);
  };
  return {
    async invoke(arn, event) {
      const started = performance.now();
      const outcome = await run(arn, event);
      return { outcome, durationMs: Math.round((performance.now() - started) * 1000) / 1000 };
    },
    async close() {
      await Promise.all([...workers.values()].map((w) => w.close()));
      workers.clear();
    },
  };
}

const SOCKET_TIMEOUT = 'Socket timeout while invoking Lambda function';

async function timedFetch(url: string, init: RequestInit, timeoutMs: number): Promise<Response | FunctionOutcome> {
  try {
    return await fetch(url, { ...init, signal: AbortSignal.timeout(timeoutMs) });
  } catch (e) {
    const name = (e as Error).name;
    if (name === 'TimeoutError' || name === 'AbortError') return { kind: 'unavailable', reason: SOCKET_TIMEOUT };
    return { kind: 'unavailable', reason: 'ServiceException' };
  }
}

async function readBody(res: Response, timeoutMs: number): Promise<string | FunctionOutcome> {
  try {
    return await Promise.race([
      res.text(),
      new Promise<never>((_, reject) => setTimeout(() => reject(new Error('timeout')), timeoutMs).unref()),
    ]);
  } catch {
    return { kind: 'unavailable', reason: SOCKET_TIMEOUT };
  }
}

function parseAnswer(text: string): FunctionOutcome {
  try {
    return { kind: 'answer', payload: JSON.parse(text) };
  } catch {
    return { kind: 'answer', payload: undefined };
  }
}

/** A plain HTTP endpoint: 2xx answers the event; an error status with `{errorMessage}` (or `{message}`) is the function's error. */
async function postJson(url: string, event: object, timeoutMs: number): Promise<FunctionOutcome> {
  const res = await timedFetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(event) }, timeoutMs);
  if (!(res instanceof Response)) return res;
  const text = await readBody(res, timeoutMs);
  if (typeof text !== 'string') return text;
  if (res.ok) return parseAnswer(text);
  const error = parseAnswer(text);
  const body = error.kind === 'answer' && typeof error.payload === 'object' && error.payload !== null ? (error.payload as Record<string, unknown>) : {};
  const message = body.errorMessage ?? body.message;
  if (typeof message === 'string') return { kind: 'function-error', errorType: String(body.errorType ?? 'Error'), errorMessage: message };
  return { kind: 'unavailable', reason: `HTTP ${res.status}` };
}

/** The Lambda Invoke API, RequestResponse, SigV4-signed for service `lambda`. */
async function invokeApi(
  endpoint: string,
  functionName: string,
  qualifier: string | undefined,
  region: string,
  event: object,
  opts: FunctionRunnerOptions,
): Promise<FunctionOutcome> {
  const base = new URL(endpoint);
  const path = `${base.pathname.replace(/\/+$/, '')}/2015-03-31/functions/${encodeURIComponent(functionName)}/invocations`;
  const body = JSON.stringify(event);
  const query: Record<string, string> = qualifier ? { Qualifier: qualifier } : {};
  const { SignatureV4, HttpRequest, Hash } = await smithy();
  const request = new HttpRequest({
    method: 'POST',
    protocol: base.protocol,
    hostname: base.hostname,
    ...(base.port ? { port: Number(base.port) } : {}),
    path,
    query,
    headers: { host: base.host, 'content-type': 'application/json', 'x-amz-invocation-type': 'RequestResponse' },
    body,
  });
  const signer = new SignatureV4({ service: 'lambda', region, credentials: opts.credentials, sha256: Hash.bind(null, 'sha256'), applyChecksum: true });
  const signed = await signer.sign(request);
  const url = new URL(base.origin + path);
  for (const [k, v] of Object.entries(query)) url.searchParams.set(k, v);
  const { host: _host, ...headers } = signed.headers;
  const res = await timedFetch(url.href, { method: 'POST', headers, body }, opts.timeoutMs);
  if (!(res instanceof Response)) return res;
  const text = await readBody(res, opts.timeoutMs);
  if (typeof text !== 'string') return text;
  if (!res.ok) {
    // A Lambda API error (ResourceNotFoundException, TooManyRequestsException, …): the function did not run.
    const type = res.headers.get('x-amzn-errortype')?.split(':')[0] ?? errorTypeOf(text) ?? `HTTP ${res.status}`;
    return { kind: 'unavailable', reason: type };
  }
  if (res.headers.get('x-amz-function-error')) {
    const error = parseAnswer(text);
    const body = error.kind === 'answer' && typeof error.payload === 'object' && error.payload !== null ? (error.payload as Record<string, unknown>) : {};
    return { kind: 'function-error', errorType: String(body.errorType ?? 'Error'), errorMessage: String(body.errorMessage ?? text) };
  }
  return parseAnswer(text);
}

function errorTypeOf(text: string): string | undefined {
  try {
    const body = JSON.parse(text) as Record<string, unknown>;
    const type = body.__type ?? body.Type ?? body.code;
    return typeof type === 'string' ? type.split('#').pop() : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The code each module worker runs. Lambda's Node.js handler contract: `handler(event, context, callback)`; an async
 * handler's promise gives the answer, a callback-style one calls `callback(error, result)` (or context.succeed /
 * fail / done). What a thrown error says travels as Lambda's `{errorType, errorMessage}`.
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const { pathToFileURL } = require('node:url');
let loaded;
function load() {
  loaded ??= import(pathToFileURL(workerData.path).href).then((m) => {
    const name = workerData.handler;
    const fn = typeof m[name] === 'function' ? m[name]
      : m.default && typeof m.default[name] === 'function' ? m.default[name]
      : name === 'handler' && typeof m.default === 'function' ? m.default : undefined;
    if (!fn) throw Object.assign(new Error(workerData.path + ' does not export ' + name), { name: 'Runtime.HandlerNotFound' });
    return fn;
  });
  return loaded;
}
function describe(e) {
  if (e instanceof Error) return { errorType: e.name || 'Error', errorMessage: e.message };
  if (typeof e === 'string') return { errorType: 'Error', errorMessage: e };
  return { errorType: 'Error', errorMessage: JSON.stringify(e) };
}
parentPort.on('message', async ({ id, event, context, deadline }) => {
  let settled = false;
  const done = (err, result) => {
    if (settled) return;
    settled = true;
    if (err !== null && err !== undefined) parentPort.postMessage({ id, error: describe(err) });
    else {
      let text;
      try { text = JSON.stringify(result === undefined ? null : result); } catch (e) { return parentPort.postMessage({ id, error: describe(e) }); }
      parentPort.postMessage({ id, text });
    }
  };
  try {
    const fn = await load();
    const ctx = {
      ...context,
      awsRequestId: String(id),
      callbackWaitsForEmptyEventLoop: true,
      getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
      succeed: (r) => done(null, r),
      fail: (e) => done(e ?? new Error('handler failed')),
      done: (e, r) => done(e, r),
    };
    const out = fn(event, ctx, (e, r) => done(e, r));
    if (out && typeof out.then === 'function') done(null, await out);
  } catch (e) {
    done(e);
  }
});
`;

interface Pending {
  resolve(o: FunctionOutcome): void;
  timer: NodeJS.Timeout;
}

/** One worker thread per module (its module state lives on between invocations, as in a warm Lambda). */
class ModuleWorker {
  private worker: Worker | undefined;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;

  constructor(
    private readonly path: string,
    private readonly handler: string,
  ) {}

  run(event: object, timeoutMs: number, context: { functionName: string; invokedFunctionArn: string }): Promise<FunctionOutcome> {
    const worker = this.start();
    const id = this.nextId++;
    return new Promise<FunctionOutcome>((resolve) => {
      const timer = setTimeout(() => {
        // A handler that does not answer in time may be spinning: the whole worker goes, with whatever else it runs.
        this.pending.delete(id);
        resolve({ kind: 'unavailable', reason: SOCKET_TIMEOUT });
        this.kill(worker, { kind: 'unavailable', reason: SOCKET_TIMEOUT });
      }, timeoutMs);
      this.pending.set(id, { resolve, timer });
      worker.postMessage({ id, event, context: { ...context, functionVersion: '$LATEST', memoryLimitInMB: '128' }, deadline: Date.now() + timeoutMs });
    });
  }

  private start(): Worker {
    if (this.worker) return this.worker;
    const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { path: this.path, handler: this.handler } });
    worker.unref();
    worker.on('message', (m: { id: number; text?: string; error?: { errorType: string; errorMessage: string } }) => {
      const job = this.pending.get(m.id);
      if (!job) return;
      this.pending.delete(m.id);
      clearTimeout(job.timer);
      if (m.error) job.resolve({ kind: 'function-error', ...m.error });
      else job.resolve(parseAnswer(m.text ?? 'null'));
    });
    // An uncaught error outside the handler's promise, or process.exit() in the module: the worker is gone, and
    // so is every invocation it was running (Lambda: Runtime.ExitError).
    const crashed = (detail: string) => this.kill(worker, { kind: 'function-error', errorType: 'Runtime.ExitError', errorMessage: detail });
    worker.on('error', (e) => crashed(`Runtime exited with error: ${e instanceof Error ? e.message : String(e)}`));
    worker.on('exit', (code) => crashed(`Runtime exited with error: exit status ${code}`));
    this.worker = worker;
    return worker;
  }

  private kill(worker: Worker, outcome: FunctionOutcome): void {
    if (this.worker !== worker) return;
    this.worker = undefined;
    for (const [id, job] of this.pending) {
      clearTimeout(job.timer);
      job.resolve(outcome);
      this.pending.delete(id);
    }
    void worker.terminate();
  }

  async close(): Promise<void> {
    const worker = this.worker;
    if (!worker) return;
    this.kill(worker, { kind: 'unavailable', reason: 'ServiceException' });
  }
}
