import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { request } from 'node:http';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { execFile } from 'node:child_process';
import {
  CreateUserPoolCommand,
  DescribeUserPoolCommand,
  ListUserPoolsCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { OPERATION_NAMES } from '../../model/names.js';
import { loadModel } from '../../src/protocol/model.js';
import { loadOperations, isSupported } from '../../src/operations/registry.js';
import { rawCall, rejectsWith, startTestServer, TEST_CREDENTIALS, type TestServer } from '../helpers/server.js';

describe('AWS JSON 1.1 protocol', () => {
  let s: TestServer;
  before(async () => {
    s = await startTestServer();
  });
  after(async () => s.stop());

  it('answers a request id header and JSON content type', async () => {
    const r = await rawCall(s.url, 'GetUser', '{"AccessToken":"x.y.z"}');
    assert.match(r.headers.get('x-amzn-requestid') ?? '', /^[0-9a-f-]{36}$/);
    assert.equal(r.headers.get('content-type'), 'application/x-amz-json-1.1');
  });

  it('errors carry __type, message, x-amzn-ErrorType with a trailing colon and HTTP 400', async () => {
    const r = await rawCall(s.url, 'GetUser', '{"AccessToken":"not-a-token"}');
    assert.equal(r.status, 400);
    assert.deepEqual(r.json, { __type: 'NotAuthorizedException', message: 'Invalid Access Token' });
    assert.equal(r.headers.get('x-amzn-errortype'), 'NotAuthorizedException:');
    assert.equal(r.headers.get('x-amzn-errormessage'), 'Invalid Access Token');
  });

  it('a missing required member gets Cognito\'s validation message', async () => {
    const r = await rawCall(s.url, 'SetUserMFAPreference', '{}');
    assert.equal(r.status, 400);
    assert.deepEqual(r.json, {
      __type: 'InvalidParameterException',
      message: "1 validation error detected: Value null at 'accessToken' failed to satisfy constraint: Member must not be null",
    });
  });

  it('several violations are counted and joined with "; "', async () => {
    const r = await rawCall(s.url, 'ConfirmSignUp', JSON.stringify({ ClientId: 'bad id!' }));
    assert.equal(r.json.__type, 'InvalidParameterException');
    assert.match(r.json.message, /^3 validation errors detected: /);
    assert.ok(r.json.message.includes("Value at 'clientId' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+]+"));
    assert.ok(r.json.message.includes("; Value null at 'username' failed to satisfy constraint: Member must not be null"));
  });

  it('sensitive values are not echoed, plain ones are, and enum/length constraints are named', async () => {
    const r = await rawCall(s.url, 'ListUserPools', JSON.stringify({ MaxResults: 0 }), {});
    // ListUserPools is IAM-authorized: unsigned calls are refused before validation.
    assert.equal(r.json.__type, 'MissingAuthenticationTokenException');
    const v = await rawCall(s.url, 'InitiateAuth', JSON.stringify({ AuthFlow: 'NOPE', ClientId: 'c' }));
    assert.equal(
      v.json.message,
      "1 validation error detected: Value 'NOPE' at 'authFlow' failed to satisfy constraint: Member must satisfy enum value set: [USER_SRP_AUTH, REFRESH_TOKEN_AUTH, REFRESH_TOKEN, CUSTOM_AUTH, ADMIN_NO_SRP_AUTH, USER_PASSWORD_AUTH, ADMIN_USER_PASSWORD_AUTH, USER_AUTH]",
    );
  });

  it('malformed JSON is a SerializationException, not a crash', async () => {
    const r = await rawCall(s.url, 'GetUser', '{"AccessToken":');
    assert.equal(r.status, 400);
    assert.equal(r.json.__type, 'SerializationException');
  });

  it('a JSON value of the wrong type is a SerializationException', async () => {
    const r = await rawCall(s.url, 'GetUser', '{"AccessToken":{"nested":true}}');
    assert.equal(r.json.__type, 'SerializationException');
    const arr = await rawCall(s.url, 'GetUser', '[1,2]');
    assert.equal(arr.json.__type, 'SerializationException');
  });

  it('an unknown or missing target is an UnknownOperationException', async () => {
    const r = await rawCall(s.url, 'NoSuchOperation', '{}');
    assert.equal(r.status, 400);
    assert.equal(r.json.__type, 'UnknownOperationException');
    const none = await rawCall(s.url, undefined, '{}');
    assert.equal(none.json.__type, 'UnknownOperationException');
  });

  it('a wrong content type is refused', async () => {
    const r = await rawCall(s.url, 'GetUser', '{"AccessToken":"a"}', { 'content-type': 'text/plain' });
    assert.equal(r.status, 400);
    assert.equal(r.json.__type, 'UnknownOperationException');
  });

  it('a body over 1 MiB is refused with 413 and the server keeps serving', async () => {
    const big = JSON.stringify({ AccessToken: 'a'.repeat(1024 * 1024 + 10) });
    const r = await rawCall(s.url, 'GetUser', big);
    assert.equal(r.status, 413);
    assert.equal(r.json.__type, 'RequestEntityTooLargeException');
    const ok = await rawCall(s.url, 'GetUser', '{"AccessToken":"a"}');
    assert.equal(ok.status, 400);
  });

  it('a chunked body over 1 MiB without content-length is refused too', async () => {
    const status = await new Promise<number>((resolve, reject) => {
      const req = request(s.url, { method: 'POST', headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'AWSCognitoIdentityProviderService.GetUser' } }, (res) => {
        res.resume();
        resolve(res.statusCode!);
      });
      req.on('error', reject);
      for (let i = 0; i < 17; i++) req.write('x'.repeat(64 * 1024));
      req.end();
    });
    assert.equal(status, 413);
  });

  it('answers CORS preflights and exposes the AWS headers', async () => {
    const pre = await fetch(s.url, {
      method: 'OPTIONS',
      headers: { origin: 'http://app.example', 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type,x-amz-target,x-amz-user-agent' },
    });
    assert.equal(pre.status, 200);
    assert.equal(pre.headers.get('access-control-allow-origin'), '*');
    for (const h of ['content-type', 'x-amz-target', 'x-amz-user-agent', 'cache-control']) {
      assert.ok(pre.headers.get('access-control-allow-headers')!.includes(h), h);
    }
    // Without access keys a foreign page may not sign admin calls (test/security/cors.test.ts).
    assert.ok(!pre.headers.get('access-control-allow-headers')!.includes('authorization'));
    const r = await rawCall(s.url, 'GetUser', '{"AccessToken":"a"}', { origin: 'http://app.example' });
    assert.equal(r.headers.get('access-control-allow-origin'), '*');
    assert.match(r.headers.get('access-control-expose-headers')!, /x-amzn-RequestId/);
  });

  it('posts to any path (the AWS CLI keeps the path of --endpoint-url)', async () => {
    const r = await rawCall(`${s.url}/some/prefix/`, 'GetUser', '{"AccessToken":"a"}');
    assert.equal(r.json.__type, 'NotAuthorizedException');
  });

  it('every modelled operation has a handler or a modelled "not supported yet" answer', async () => {
    const model = loadModel();
    assert.equal(OPERATION_NAMES.length, Object.keys(model.operations).length);
    assert.equal(OPERATION_NAMES.length, 129);
    const registry = await loadOperations();
    const unsupported: string[] = [];
    for (const name of OPERATION_NAMES) {
      assert.ok(registry.has(name), `${name} has no entry`);
      if (!isSupported(registry.get(name)!)) unsupported.push(name);
    }
    // Each unsupported operation answers a 400 UnsupportedOperationException naming it, never a 500.
    for (const name of unsupported) {
      const op = model.operations[name as keyof typeof model.operations];
      const headers: Record<string, string> = {};
      if (op.auth === 'sigv4') {
        headers.authorization = `AWS4-HMAC-SHA256 Credential=${TEST_CREDENTIALS.accessKeyId}/20260101/us-east-1/cognito-idp/aws4_request, SignedHeaders=host;x-amz-date, Signature=00`;
        headers['x-amz-date'] = '20260101T000000Z';
      }
      const body = minimalInput(model, op.input);
      const r = await rawCall(s.url, name, JSON.stringify(body), headers);
      assert.equal(r.status, 400, `${name}: ${r.text}`);
      assert.equal(r.json.__type, 'UnsupportedOperationException', `${name}: ${r.text}`);
      assert.equal(r.json.message, `cognate does not support ${name} yet.`);
    }
  });

  it('Date members are epoch seconds on the wire', async () => {
    const { UserPool } = await s.client.send(new CreateUserPoolCommand({ PoolName: 'dates' }));
    const raw = await s.client.send(new DescribeUserPoolCommand({ UserPoolId: UserPool!.Id }));
    const secs = raw.UserPool!.CreationDate!.getTime() / 1000;
    assert.ok(Math.abs(secs - s.clock.now() / 1000) < 1);
  });
});

describe('SigV4 on IAM-authorized operations', () => {
  const keys = [{ accessKeyId: 'AKIDCOGNATE1', secretAccessKey: 'cognate-secret-key-1' }];
  let s: TestServer;
  before(async () => {
    s = await startTestServer({ accessKeys: keys });
  });
  after(async () => s.stop());

  it('accepts a call signed with a configured key', async () => {
    const r = await s.clientWith(keys[0]).send(new ListUserPoolsCommand({ MaxResults: 10 }));
    assert.ok(Array.isArray(r.UserPools));
  });

  it('an unsigned admin call gets MissingAuthenticationTokenException', async () => {
    const r = await rawCall(s.url, 'ListUserPools', '{"MaxResults":1}');
    assert.equal(r.status, 400);
    assert.deepEqual(r.json, { __type: 'MissingAuthenticationTokenException', message: 'Missing Authentication Token' });
  });

  it('an unknown access key gets UnrecognizedClientException', async () => {
    await rejectsWith(
      s.clientWith({ accessKeyId: 'AKIDUNKNOWN', secretAccessKey: 'x' }).send(new ListUserPoolsCommand({ MaxResults: 1 })),
      'UnrecognizedClientException',
      'The security token included in the request is invalid.',
    );
  });

  it('a wrong secret gets InvalidSignatureException', async () => {
    await rejectsWith(
      s.clientWith({ accessKeyId: 'AKIDCOGNATE1', secretAccessKey: 'wrong' }).send(new ListUserPoolsCommand({ MaxResults: 1 })),
      'InvalidSignatureException',
      /^The request signature we calculated does not match the signature you provided/,
    );
  });

  it('a tampered body breaks the signature', async () => {
    // Sign one body, send another: the server recomputes over what it received.
    const client = s.clientWith(keys[0]);
    client.middlewareStack.add(
      (next) => async (args: any) => {
        args.request.body = '{"MaxResults":2}';
        return next(args);
      },
      { step: 'deserialize', name: 'tamper' },
    );
    await rejectsWith(client.send(new ListUserPoolsCommand({ MaxResults: 1 })), 'InvalidSignatureException');
  });

  it('a signature from more than 15 minutes away is refused', async () => {
    s.clock.advance(20 * 60_000);
    try {
      await rejectsWith(s.clientWith(keys[0]).send(new ListUserPoolsCommand({ MaxResults: 1 })), 'InvalidSignatureException', /^Signature expired/);
    } finally {
      s.clock.advance(-20 * 60_000);
    }
  });

  it('token-authorized operations never require a signature', async () => {
    const r = await rawCall(s.url, 'GetUser', '{"AccessToken":"a.b.c"}');
    assert.equal(r.json.__type, 'NotAuthorizedException');
  });
});

describe('server start-up and persistence', () => {
  it('refuses to listen on a non-loopback address without access keys', async () => {
    await assert.rejects(
      startTestServer({ env: {} as Record<string, string> }).then(async (s) => {
        await s.stop();
        const { startServer } = await import('../../src/cli/serve.js');
        const { loadServerConfig } = await import('../../src/config/config.js');
        return startServer(loadServerConfig(['--host', '0.0.0.0', '--port', '0', '--data', s.dataDir], {}));
      }),
      /refusing to listen on 0\.0\.0\.0 without access keys/,
    );
  });

  it('refuses to start when the master key cannot open the stored signing keys', async () => {
    const first = await startTestServer();
    const { UserPool } = await first.client.send(new CreateUserPoolCommand({ PoolName: 'sealed' }));
    await fetch(`${first.url}/${UserPool!.Id}/.well-known/jwks.json`); // generates and seals the pool's keys
    const dataDir = first.dataDir;
    first.client.destroy();
    await first.close();
    writeFileSync(join(dataDir, 'master.key'), Buffer.alloc(32, 7).toString('base64') + '\n');
    await assert.rejects(startTestServer({ dataDir }), /the master key cannot open the signing keys in this store/);
  });

  it('keeps pools and clients across a restart', async () => {
    const first = await startTestServer();
    const { UserPool } = await first.client.send(new CreateUserPoolCommand({ PoolName: 'durable' }));
    const dataDir = first.dataDir;
    await first.client.destroy();
    await first.close();
    const second = await startTestServer({ dataDir });
    try {
      const { UserPool: again } = await second.client.send(new DescribeUserPoolCommand({ UserPoolId: UserPool!.Id }));
      assert.equal(again!.Name, 'durable');
    } finally {
      await second.stop();
    }
  });
});

/** The smallest input that passes validation: required members with values that satisfy their constraints. */
function minimalInput(model: ReturnType<typeof loadModel>, shapeName: string | null): Record<string, unknown> {
  if (!shapeName) return {};
  const shape = model.shapes[shapeName]!;
  const out: Record<string, unknown> = {};
  for (const name of shape.required ?? []) out[name] = sample(model, shape.members![name]!.shape);
  return out;
}

function sample(model: ReturnType<typeof loadModel>, shapeName: string): unknown {
  const shape = model.shapes[shapeName]!;
  switch (shape.type) {
    case 'structure':
      return minimalInput(model, shapeName);
    case 'list':
      return Array.from({ length: shape.min ?? 0 }, () => sample(model, shape.member!));
    case 'map':
      return {};
    case 'boolean':
      return false;
    case 'integer':
    case 'long':
      return shape.min ?? 1;
    case 'timestamp':
      return 0;
    case 'blob':
      return 'AA==';
    default: {
      if (shape.enum) return shape.enum[0];
      const known: Record<string, string> = {
        UserPoolIdType: 'us-east-1_abcdefghi',
        ArnType: 'arn:aws:cognito-idp:us-east-1:000000000000:userpool/us-east-1_abcdefghi',
      };
      if (known[shapeName]) return known[shapeName];
      const len = Math.max(shape.min ?? 1, 1);
      const candidates = ['00000000-0000-4000-8000-000000000000', 'a'.repeat(len), 'A1'.repeat(len), '1'.repeat(len), `${'a'.repeat(len)}@example.com`, 'https://example.com/' + 'a'.repeat(len), `us-east-1_${'a'.repeat(Math.max(len, 1))}`];
      const re = shape.pattern ? new RegExp(`^(?:${shape.pattern})$`, 'u') : undefined;
      const alternative = /^\^?\(([^()|]+)\|/.exec(shape.pattern ?? '')?.[1];
      if (alternative) candidates.unshift(alternative);
      const literalPrefix = /^\^?([A-Za-z:-]+)[[(]/.exec(shape.pattern ?? '')?.[1];
      if (literalPrefix) candidates.unshift(literalPrefix + 'a1');
      return candidates.find((c) => (!re || re.test(c)) && (shape.max === undefined || [...c].length <= shape.max)) ?? 'a'.repeat(len);
    }
  }
}

describe('model patterns', () => {
  it('every pattern of the model compiles, including Java inline flags like (?s)', async () => {
    const { validateInput } = await import('../../src/protocol/validate.js');
    const model = loadModel();
    const shapes = Object.entries(model.shapes).filter(([, sh]) => sh.type === 'string' && sh.pattern);
    assert.ok(shapes.length > 40);
    const probe = { type: 'structure' as const, members: {} as Record<string, { shape: string }> };
    for (const [name] of shapes) probe.members[name] = { shape: name };
    const m = { ...model, shapes: { ...model.shapes, __Probe: probe } };
    // Only the compile step is under test: values may fail the patterns, but must never throw a SyntaxError.
    const input = Object.fromEntries(shapes.map(([name]) => [name, 'x']));
    try {
      validateInput(m, '__Probe', input);
    } catch (e) {
      assert.equal((e as Error).name, 'InvalidParameterException');
    }
  });

  it('SMSMessage with a newline passes its (?s).* pattern', async () => {
    const { validateInput } = await import('../../src/protocol/validate.js');
    validateInput(loadModel(), 'CreateUserPoolRequest', {
      PoolName: 'p',
      AdminCreateUserConfig: { InviteMessageTemplate: { SMSMessage: 'Hi {username}\nyour code {####}' } },
    });
  });
});

describe('SigV4 from the real AWS CLI (botocore signs no x-amz-content-sha256)', () => {
  const aws = ['/usr/bin/aws', '/root/.pyenv/shims/aws'].find((p) => existsSync(p));
  it('accepts the CLI\'s signature with the right key and refuses a wrong one', { skip: aws ? false : 'no aws binary on this machine' }, async () => {
    const keys = [{ accessKeyId: 'AKIDCOGNATE2', secretAccessKey: 'cognate-secret-key-2' }];
    const s = await startTestServer({ accessKeys: keys });
    try {
      // Asynchronous on purpose: the server runs in this process and must keep answering.
      const run = (secret: string) =>
        new Promise<{ status: number | null; stdout: string; stderr: string }>((resolve) => {
          execFile(
            aws!,
            ['cognito-idp', 'list-user-pools', '--max-results', '5', '--endpoint-url', s.url, '--output', 'json'],
            {
              env: { PATH: process.env.PATH, HOME: '/nonexistent', AWS_ACCESS_KEY_ID: keys[0]!.accessKeyId, AWS_SECRET_ACCESS_KEY: secret, AWS_DEFAULT_REGION: 'us-east-1', AWS_EC2_METADATA_DISABLED: 'true', AWS_MAX_ATTEMPTS: '1' },
              encoding: 'utf8',
              timeout: 60_000,
            },
            (error, stdout, stderr) => resolve({ status: error ? (typeof error.code === 'number' ? error.code : -1) : 0, stdout, stderr }),
          );
        });
      const good = await run(keys[0]!.secretAccessKey);
      assert.equal(good.status, 0, good.stderr);
      assert.deepEqual(JSON.parse(good.stdout), { UserPools: [] });
      const bad = await run('wrong-secret');
      assert.notEqual(bad.status, 0);
      assert.match(bad.stderr, /InvalidSignatureException/);
    } finally {
      await s.stop();
    }
  });
});
