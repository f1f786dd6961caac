import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { SignatureV4 } from '@smithy/signature-v4';
import { Hash } from '@smithy/hash-node';
import { HttpRequest } from '@smithy/protocol-http';
import { AdminCreateUserCommand, CreateUserPoolCommand, DescribeUserPoolCommand } from '@aws-sdk/client-cognito-identity-provider';
import { rejectsWith, startTestServer, type TestServer } from '../helpers/server.js';

const KEY = { accessKeyId: 'AKIDDEV', secretAccessKey: 'dev-endpoint-secret' };

/** A SigV4-signed fetch of a /_cognate/* endpoint, as `cognate outbox` sends it. */
async function signedFetch(s: TestServer, method: 'GET' | 'POST', path: string, query: Record<string, string> = {}, key = KEY) {
  const url = new URL(s.url);
  const request = new HttpRequest({
    method,
    protocol: 'http:',
    hostname: url.hostname,
    port: Number(url.port),
    path,
    query,
    headers: { host: url.host },
    body: method === 'POST' ? '{}' : undefined,
  });
  const signer = new SignatureV4({ credentials: key, region: 'us-east-1', service: 'cognito-idp', sha256: Hash.bind(null, 'sha256') });
  const signed = await signer.sign(request, { signingDate: new Date(s.clock.now()) });
  const qs = new URLSearchParams(query).toString();
  const res = await fetch(`${s.url}${path}${qs ? `?${qs}` : ''}`, { method, headers: signed.headers as Record<string, string>, body: signed.body });
  return { status: res.status, json: (await res.json()) as any };
}

describe('/_cognate developer endpoints', () => {
  let s: TestServer;
  let poolId: string;
  before(async () => {
    s = await startTestServer({ accessKeys: [KEY] });
    const admin = s.clientWith(KEY);
    poolId = (await admin.send(new CreateUserPoolCommand({ PoolName: 'dev' }))).UserPool!.Id!;
    for (const name of ['ann', 'bob']) {
      await admin.send(
        new AdminCreateUserCommand({
          UserPoolId: poolId,
          Username: name,
          TemporaryPassword: 'Temp#Pass1',
          UserAttributes: [{ Name: 'email', Value: `${name}@example.com` }],
          DesiredDeliveryMediums: ['EMAIL'],
        }),
      );
      s.clock.advance(1000);
    }
  });
  after(async () => s.stop());

  it('the outbox lists recorded messages newest first and filters by pool, user and channel', async () => {
    const all = await signedFetch(s, 'GET', '/_cognate/outbox', { poolId });
    assert.equal(all.status, 200);
    assert.deepEqual(all.json.messages.map((m: { username: string }) => m.username), ['bob', 'ann']);
    assert.equal(all.json.messages[0].channel, 'EMAIL');
    assert.equal(all.json.messages[0].destination, 'bob@example.com');
    assert.equal(typeof all.json.messages[0].createdAt, 'number');
    const ann = await signedFetch(s, 'GET', '/_cognate/outbox', { poolId, username: 'ann' });
    assert.equal(ann.json.messages.length, 1);
    const sms = await signedFetch(s, 'GET', '/_cognate/outbox', { poolId, channel: 'SMS' });
    assert.deepEqual(sms.json.messages, []);
    const limited = await signedFetch(s, 'GET', '/_cognate/outbox', { poolId, limit: '1' });
    assert.equal(limited.json.messages.length, 1);
  });

  it('refuses unsigned and wrongly signed calls', async () => {
    const unsigned = await fetch(`${s.url}/_cognate/outbox`);
    assert.equal(unsigned.status, 400);
    assert.equal(((await unsigned.json()) as { __type: string }).__type, 'MissingAuthenticationTokenException');
    const wrong = await signedFetch(s, 'GET', '/_cognate/outbox', {}, { accessKeyId: KEY.accessKeyId, secretAccessKey: 'nope' });
    assert.equal(wrong.json.__type, 'InvalidSignatureException');
    const reset = await fetch(`${s.url}/_cognate/reset`, { method: 'POST' });
    assert.equal(reset.status, 400);
    // nothing was wiped by the refused reset
    const still = await s.clientWith(KEY).send(new DescribeUserPoolCommand({ UserPoolId: poolId }));
    assert.equal(still.UserPool!.Id, poolId);
  });

  it('reset wipes every pool, user and message', async () => {
    const r = await signedFetch(s, 'POST', '/_cognate/reset');
    assert.equal(r.status, 200);
    await rejectsWith(s.clientWith(KEY).send(new DescribeUserPoolCommand({ UserPoolId: poolId })), 'ResourceNotFoundException');
    const outbox = await signedFetch(s, 'GET', '/_cognate/outbox');
    assert.deepEqual(outbox.json.messages, []);
  });

  it('serves health, JWKS and discovery; 404 for an unknown pool', async () => {
    const health = await fetch(`${s.url}/health`);
    assert.deepEqual(await health.json(), { status: 'ok' });
    const pool = (await s.clientWith(KEY).send(new CreateUserPoolCommand({ PoolName: 'jwks' }))).UserPool!.Id!;
    const jwks = (await (await fetch(`${s.url}/${pool}/.well-known/jwks.json`)).json()) as { keys: Array<Record<string, string>> };
    assert.equal(jwks.keys.length, 2);
    for (const k of jwks.keys) {
      assert.equal(k.alg, 'RS256');
      assert.equal(k.kty, 'RSA');
      assert.equal(k.use, 'sig');
      assert.match(k.kid!, /^[A-Za-z0-9+/]{43}=$/);
    }
    assert.notEqual(jwks.keys[0]!.kid, jwks.keys[1]!.kid);
    const oidc = (await (await fetch(`${s.url}/${pool}/.well-known/openid-configuration`)).json()) as Record<string, string>;
    assert.equal(oidc.issuer, `${s.url}/${pool}`);
    assert.equal(oidc.jwks_uri, `${s.url}/${pool}/.well-known/jwks.json`);
    const missing = await fetch(`${s.url}/us-east-1_nopenopen/.well-known/jwks.json`);
    assert.equal(missing.status, 404);
  });
});
