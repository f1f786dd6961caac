import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Hash } from '@smithy/hash-node';
import { HttpRequest } from '@smithy/protocol-http';
import { SignatureV4 } from '@smithy/signature-v4';
import { AdminGetUserCommand, SignUpCommand } from '@aws-sdk/client-cognito-identity-provider';
import { rejectsWith, type TestServer } from '../helpers/server.js';
import { createClient, createPool, PASSWORD } from '../helpers/fixtures.js';
import { createHash } from 'node:crypto';
import { arn, HandlerFolder, startFunctionServer, startTriggerServer, type FunctionAnswer, type Received } from './helpers.js';

/**
 * Issue 18: the three ways a function is reached (a module in a worker thread, a plain HTTP endpoint, the Lambda Invoke
 * API with SigV4) and what each failure becomes on the wire — with the server serving on after every one of them.
 */
const LAMBDA_KEYS = { accessKeyId: 'AKIDLAMBDA', secretAccessKey: 'lambda-secret-key' };

/** Recomputes the request's SigV4 signature (service lambda) with the key the server was given: equal or not. */
async function signatureMatches(r: Received, host: string): Promise<boolean> {
  const auth = String(r.headers.authorization ?? '');
  const signedHeaders = /SignedHeaders=([^,]+)/.exec(auth)?.[1]?.split(';') ?? [];
  const amzDate = String(r.headers['x-amz-date']);
  const headers: Record<string, string> = {};
  for (const h of signedHeaders) if (h !== 'x-amz-date' && h !== 'authorization') headers[h] = String(r.headers[h]);
  headers.host = host;
  const url = new URL(r.path, 'http://x');
  const request = new HttpRequest({
    method: 'POST',
    protocol: 'http:',
    hostname: host.split(':')[0]!,
    port: Number(host.split(':')[1]),
    path: url.pathname,
    query: Object.fromEntries(url.searchParams),
    headers,
    body: r.body,
  });
  const date = new Date(`${amzDate.slice(0, 4)}-${amzDate.slice(4, 6)}-${amzDate.slice(6, 8)}T${amzDate.slice(9, 11)}:${amzDate.slice(11, 13)}:${amzDate.slice(13, 15)}Z`);
  const signer = new SignatureV4({ service: 'lambda', region: 'us-east-1', credentials: LAMBDA_KEYS, sha256: Hash.bind(null, 'sha256'), applyChecksum: true });
  const expected = await signer.sign(request, { signingDate: date });
  return expected.headers.authorization === auth;
}

describe('reaching a function: modules, HTTP endpoints and the Lambda Invoke API', () => {
  let s: TestServer;
  let handlers: HandlerFolder;
  let lambda: Awaited<ReturnType<typeof startFunctionServer>>;
  let http: Awaited<ReturnType<typeof startFunctionServer>>;
  before(async () => {
    handlers = new HandlerFolder();
    // A few lines of node:http speaking the Invoke path, as SAM CLI's start-lambda does: 404 for an unknown function,
    // X-Amz-Function-Error for a function that threw.
    lambda = await startFunctionServer((event, r): FunctionAnswer => {
      const m = /^\/2015-03-31\/functions\/([^/]+)\/invocations$/.exec(r.path.split('?')[0]!);
      if (!m || r.headers['x-amz-invocation-type'] !== 'RequestResponse') return { status: 400, body: { message: 'bad request' } };
      if (m[1] === 'ConfirmAll') return { body: { ...event, response: { autoConfirmUser: true } } };
      if (m[1] === 'Thrower') return { headers: { 'x-amz-function-error': 'Unhandled' }, body: { errorType: 'Error', errorMessage: 'no sign-ups on Sundays' } };
      return { status: 404, headers: { 'x-amzn-errortype': 'ResourceNotFoundException:http://internal.amazon.com/' }, body: { Type: 'User', message: 'Function not found' } };
    });
    http = await startFunctionServer((event, r): FunctionAnswer => {
      if (r.path === '/refuse') return { status: 400, body: { errorMessage: 'refused by the endpoint' } };
      if (r.path === '/broken') return { status: 502, body: 'bad gateway' };
      return { body: { ...event, response: { autoConfirmUser: true } } };
    });
    s = await startTriggerServer(
      {
        // The Invoke API at AWS_ENDPOINT_URL_LAMBDA, under the name SAM knows the function by.
        [arn('confirm-all')]: { lambda: true, function: 'ConfirmAll' },
        [arn('thrower-remote')]: { lambda: lambda.url, function: 'Thrower' },
        [arn('missing-remote')]: { lambda: lambda.url },
        'http-confirm': { url: `${http.url}/confirm` },
        'http-refuse': { url: `${http.url}/refuse` },
        'http-broken': { url: `${http.url}/broken` },
        'http-down': { url: 'http://127.0.0.1:9/nothing-listens' },
        'esm-async': {
          module: handlers.write('esm.mjs', 'export const handler = async (event) => { event.response.autoConfirmUser = true; return event; };\n'),
        },
        'named-export': {
          module: handlers.write('named.mjs', 'export async function confirm(event) { event.response.autoConfirmUser = true; return event; }\n'),
          handler: 'confirm',
        },
        throws: { module: handlers.write('throws.mjs', "export const handler = async () => { throw new Error('Username is reserved'); };\n") },
        callbackError: { module: handlers.write('cb-error.cjs', "exports.handler = (event, context, callback) => callback(new Error('callback says no'));\n") },
        garbage: { module: handlers.write('garbage.mjs', "export const handler = async () => 'not an event';\n") },
        wrongType: { module: handlers.write('wrong-type.mjs', "export const handler = async (event) => { event.response.autoConfirmUser = 'yes'; return event; };\n") },
        nothing: { module: handlers.write('nothing.mjs', 'export const handler = async () => {};\n') },
        sleeps: { module: handlers.write('sleeps.mjs', 'export const handler = async (event) => { await new Promise((r) => setTimeout(r, 10000)); return event; };\n') },
        spins: { module: handlers.write('spins.mjs', 'export const handler = () => { for (;;) {} };\n') },
        exits: { module: handlers.write('exits.mjs', 'export const handler = async () => { process.exit(3); };\n') },
        crashes: {
          module: handlers.write('crashes.mjs', "export const handler = (event, context, callback) => { setTimeout(() => { throw new Error('boom'); }, 1); };\n"),
        },
        noHandler: { module: handlers.write('no-handler.mjs', 'export const other = 1;\n') },
      },
      {
        timeoutMs: 1500,
        env: { AWS_ENDPOINT_URL_LAMBDA: lambda.url, AWS_ACCESS_KEY_ID: LAMBDA_KEYS.accessKeyId, AWS_SECRET_ACCESS_KEY: LAMBDA_KEYS.secretAccessKey },
      },
    );
  });
  after(async () => {
    await s.stop();
    await lambda.close();
    await http.close();
    handlers.remove();
  });

  let n = 0;
  /** Signs up a fresh user in a fresh pool whose PreSignUp calls `fn`. */
  async function signUpWith(fn: string) {
    const poolId = await createPool(s, { LambdaConfig: { PreSignUp: arn(fn) } });
    const { clientId } = await createClient(s, poolId);
    const username = `user${++n}`;
    return { poolId, username, result: s.client.send(new SignUpCommand({ ClientId: clientId, Username: username, Password: PASSWORD })) };
  }

  async function assertNoUser(poolId: string, username: string) {
    await rejectsWith(s.client.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: username })), 'UserNotFoundException', 'User does not exist.');
  }

  async function assertStillServing() {
    const { result } = await signUpWith('esm-async');
    assert.equal((await result).UserConfirmed, true);
  }

  it('Lambda Invoke API: POST /2015-03-31/functions/<name>/invocations, RequestResponse, SigV4-signed for lambda with the configured keys', async () => {
    lambda.received.length = 0;
    const { result } = await signUpWith('confirm-all');
    assert.equal((await result).UserConfirmed, true);
    const r = lambda.received[0]!;
    assert.equal(r.path, '/2015-03-31/functions/ConfirmAll/invocations');
    assert.equal(r.headers['x-amz-invocation-type'], 'RequestResponse');
    assert.match(String(r.headers.authorization), /^AWS4-HMAC-SHA256 Credential=AKIDLAMBDA\/\d{8}\/us-east-1\/lambda\/aws4_request, SignedHeaders=/);
    assert.equal(r.event.triggerSource, 'PreSignUp_SignUp');
    assert.equal(await signatureMatches(r, new URL(lambda.url).host), true);
    // The signed payload hash is the body's, and the same check fails for another path: the comparison can fail.
    assert.equal(r.headers['x-amz-content-sha256'], createHash('sha256').update(r.body).digest('hex'));
    assert.equal(await signatureMatches({ ...r, path: '/2015-03-31/functions/Other/invocations' }, new URL(lambda.url).host), false);
  });

  it('Lambda Invoke API: a function error (X-Amz-Function-Error) is UserLambdaValidationException; an unknown function UnexpectedLambdaException', async () => {
    const thrown = await signUpWith('thrower-remote');
    await rejectsWith(thrown.result, 'UserLambdaValidationException', 'PreSignUp failed with error no sign-ups on Sundays.');
    await assertNoUser(thrown.poolId, thrown.username);
    const missing = await signUpWith('missing-remote');
    await rejectsWith(missing.result, 'UnexpectedLambdaException', 'PreSignUp invocation failed due to error ResourceNotFoundException.');
  });

  it('HTTP endpoint: the event as JSON, the answer back; an error status with errorMessage is the function\'s error', async () => {
    assert.equal((await (await signUpWith('http-confirm')).result).UserConfirmed, true);
    await rejectsWith((await signUpWith('http-refuse')).result, 'UserLambdaValidationException', 'PreSignUp failed with error refused by the endpoint.');
    await rejectsWith((await signUpWith('http-broken')).result, 'UnexpectedLambdaException', 'PreSignUp invocation failed due to error HTTP 502.');
    await rejectsWith((await signUpWith('http-down')).result, 'UnexpectedLambdaException', 'PreSignUp invocation failed due to error ServiceException.');
  });

  it('modules: ESM async handlers, a named export', async () => {
    assert.equal((await (await signUpWith('esm-async')).result).UserConfirmed, true);
    assert.equal((await (await signUpWith('named-export')).result).UserConfirmed, true);
  });

  it('a handler that throws (async or through its callback): UserLambdaValidationException with its message, no user', async () => {
    const thrown = await signUpWith('throws');
    await rejectsWith(thrown.result, 'UserLambdaValidationException', 'PreSignUp failed with error Username is reserved.');
    await assertNoUser(thrown.poolId, thrown.username);
    await rejectsWith((await signUpWith('callbackError')).result, 'UserLambdaValidationException', 'PreSignUp failed with error callback says no.');
  });

  it('a handler that returns garbage, a wrongly typed answer or nothing: InvalidLambdaResponseException, no user', async () => {
    for (const fn of ['garbage', 'wrongType', 'nothing']) {
      const r = await signUpWith(fn);
      await rejectsWith(r.result, 'InvalidLambdaResponseException', 'Unrecognizable lambda output');
      await assertNoUser(r.poolId, r.username);
    }
  });

  it('a handler that sleeps 10 s or spins forever: UnexpectedLambdaException at the timeout, no user, the server keeps serving', async () => {
    for (const fn of ['sleeps', 'spins']) {
      const started = Date.now();
      const r = await signUpWith(fn);
      await rejectsWith(r.result, 'UnexpectedLambdaException', 'PreSignUp invocation failed due to error Socket timeout while invoking Lambda function.');
      assert.ok(Date.now() - started < 8000, `${fn} held the request for ${Date.now() - started} ms`);
      await assertNoUser(r.poolId, r.username);
      await assertStillServing();
    }
    // The worker that timed out was replaced: the same function runs again (and times out again), it is not stuck.
    await rejectsWith((await signUpWith('spins')).result, 'UnexpectedLambdaException', 'PreSignUp invocation failed due to error Socket timeout while invoking Lambda function.');
  });

  it('a handler that exits or crashes its worker: UserLambdaValidationException (Runtime.ExitError), no user, the server keeps serving', async () => {
    const exits = await signUpWith('exits');
    await rejectsWith(exits.result, 'UserLambdaValidationException', 'PreSignUp failed with error Runtime exited with error: exit status 3.');
    await assertNoUser(exits.poolId, exits.username);
    await assertStillServing();
    const crashes = await signUpWith('crashes');
    await rejectsWith(crashes.result, 'UserLambdaValidationException', 'PreSignUp failed with error Runtime exited with error: boom.');
    await assertStillServing();
    // A second crash in a fresh worker answers the same.
    await rejectsWith((await signUpWith('exits')).result, 'UserLambdaValidationException', 'PreSignUp failed with error Runtime exited with error: exit status 3.');
  });

  it('a module without the handler export: UserLambdaValidationException naming it', async () => {
    await rejectsWith((await signUpWith('noHandler')).result, 'UserLambdaValidationException', /^PreSignUp failed with error .*no-handler\.mjs does not export handler\.$/);
  });
});
