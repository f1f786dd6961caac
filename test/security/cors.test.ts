import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { AdminGetUserCommand } from '@aws-sdk/client-cognito-identity-provider';
import { rejectsWith, startTestServer, type TestServer } from '../helpers/server.js';
import { createClient, createConfirmedUser, createPool } from '../helpers/fixtures.js';
import { rawRequest } from './helpers.js';

/**
 * Attack: with no access keys, any well-formed signature administers cognate, and every answer said
 * `Access-Control-Allow-Origin: *` and allowed `authorization` in preflights — so any web page the developer
 * opened could create users, read the outbox (codes, temporary passwords) or wipe the store of the cognate on
 * their machine. Browser apps need the unauthenticated user operations and the well-known documents, nothing else.
 */
const EVIL = 'http://evil.example';
const APP = 'http://app.example';
const SIGV4_HEADERS = 'authorization,content-type,x-amz-content-sha256,x-amz-date,x-amz-target,x-amz-user-agent';

const preflight = (s: TestServer, path: string, origin: string, headers = SIGV4_HEADERS) =>
  rawRequest(s.url, { method: 'OPTIONS', path, headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': headers } });

/** What a browser concludes from a preflight: may the page send this request? */
function preflightGrants(r: { status: number; headers: Record<string, string | string[] | undefined> }, origin: string, headers: string): boolean {
  const allowOrigin = r.headers['access-control-allow-origin'];
  if (r.status < 200 || r.status > 299 || (allowOrigin !== '*' && allowOrigin !== origin)) return false;
  const allowed = String(r.headers['access-control-allow-headers'] ?? '').toLowerCase().split(/\s*,\s*/);
  return headers.split(',').every((h) => allowed.includes(h));
}

describe('CORS in keyless loopback mode (default origins)', () => {
  let s: TestServer;
  let poolId: string;
  before(async () => {
    s = await startTestServer();
    poolId = await createPool(s);
    await createConfirmedUser(s, poolId, 'alice');
  });
  after(async () => s.stop());

  it('cross-origin administration: a foreign page is not granted a preflight for a SigV4-signed call', async () => {
    assert.equal(preflightGrants(await preflight(s, '/', EVIL), EVIL, SIGV4_HEADERS), false);
    assert.equal(preflightGrants(await preflight(s, '/_cognate/reset', EVIL, 'authorization,x-amz-date'), EVIL, 'authorization,x-amz-date'), false);
  });

  it('cross-origin administration: a signed AdminCreateUser with a foreign Origin is refused (403, no CORS) and creates nothing', async () => {
    const r = await rawRequest(s.url, {
      target: 'AdminCreateUser',
      body: JSON.stringify({ UserPoolId: poolId, Username: 'mallory', MessageAction: 'SUPPRESS' }),
      headers: { origin: EVIL },
      sign: true,
      signingDate: new Date(s.clock.now()),
    });
    assert.equal(r.status, 403);
    assert.equal(r.json.__type, 'AccessDeniedException');
    assert.equal(typeof r.json.message, 'string');
    assert.equal(r.headers['access-control-allow-origin'], undefined);
    await rejectsWith(s.client.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: 'mallory' })), 'UserNotFoundException');
  });

  it('cross-origin administration: /_cognate/reset and /_cognate/outbox with a foreign Origin are refused and change nothing', async () => {
    for (const [method, path] of [['POST', '/_cognate/reset'], ['GET', '/_cognate/outbox']] as const) {
      const r = await rawRequest(s.url, { method, path, body: method === 'POST' ? '{}' : '', headers: { origin: EVIL }, sign: true, signingDate: new Date(s.clock.now()) });
      assert.equal(r.status, 403, path);
      assert.equal(r.json.__type, 'AccessDeniedException', path);
      assert.equal(r.headers['access-control-allow-origin'], undefined, path);
    }
    const user = await s.client.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: 'alice' }));
    assert.equal(user.Username, 'alice');
  });

  it('browser apps: user operations and the JWKS answer CORS for any origin; SDK calls without an Origin still administer', async () => {
    const headers = 'content-type,x-amz-target,x-amz-user-agent,cache-control';
    assert.equal(preflightGrants(await preflight(s, '/', APP, headers), APP, headers), true);
    const { clientId } = await createClient(s, poolId);
    const r = await rawRequest(s.url, { target: 'InitiateAuth', body: JSON.stringify({ ClientId: clientId, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: 'alice', PASSWORD: 'wrong' } }), headers: { origin: APP } });
    assert.equal(r.json.__type, 'NotAuthorizedException');
    assert.equal(r.headers['access-control-allow-origin'], '*');
    const jwks = await rawRequest(s.url, { method: 'GET', path: `/${poolId}/.well-known/jwks.json`, headers: { origin: APP } });
    assert.equal(jwks.status, 200);
    assert.equal(jwks.headers['access-control-allow-origin'], '*');
    const signed = await rawRequest(s.url, { target: 'AdminGetUser', body: JSON.stringify({ UserPoolId: poolId, Username: 'alice' }), sign: true, signingDate: new Date(s.clock.now()) });
    assert.equal(signed.status, 200);
  });
});

describe('CORS with configured origins (COGNATE_CORS_ORIGINS)', () => {
  let s: TestServer;
  let poolId: string;
  before(async () => {
    s = await startTestServer({ env: { COGNATE_CORS_ORIGINS: `${APP}, http://admin.localhost:3000` } });
    poolId = await createPool(s);
  });
  after(async () => s.stop());

  it('an unlisted origin gets no CORS answer, even for user operations', async () => {
    const r = await rawRequest(s.url, { target: 'InitiateAuth', body: '{}', headers: { origin: EVIL } });
    assert.equal(r.headers['access-control-allow-origin'], undefined);
    assert.equal(preflightGrants(await preflight(s, '/', EVIL, 'content-type,x-amz-target'), EVIL, 'content-type,x-amz-target'), false);
  });

  it('a listed origin is answered by name (with Vary: Origin), and may administer: the operator listed it', async () => {
    const r = await rawRequest(s.url, { target: 'InitiateAuth', body: '{}', headers: { origin: APP } });
    assert.equal(r.headers['access-control-allow-origin'], APP);
    assert.match(String(r.headers.vary), /origin/i);
    const admin = 'http://admin.localhost:3000';
    assert.equal(preflightGrants(await preflight(s, '/', admin), admin, SIGV4_HEADERS), true);
    const signed = await rawRequest(s.url, { target: 'DescribeUserPool', body: JSON.stringify({ UserPoolId: poolId }), headers: { origin: admin }, sign: true, signingDate: new Date(s.clock.now()) });
    assert.equal(signed.status, 200);
    assert.equal(signed.headers['access-control-allow-origin'], admin);
  });
});
