import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { InitiateAuthCommand, RespondToAuthChallengeCommand } from '@aws-sdk/client-cognito-identity-provider';
import { rejectsWith, startTestServer, type TestServer } from '../helpers/server.js';
import { addUser, createClient, createPool, passwordSignIn, PASSWORD, srpClient } from '../helpers/fixtures.js';

const EXPIRED = 'Invalid session for the user, session is expired.';
const USED = 'Invalid session for the user, session can only be used once.';
const INVALID = 'Invalid session for the user.';

describe('challenge sessions', () => {
  let s: TestServer;
  let poolId: string;
  let clientId: string;

  before(async () => {
    s = await startTestServer();
    poolId = await createPool(s);
    ({ clientId } = await createClient(s, poolId));
    await addUser(s, poolId, 'alice');
    await addUser(s, poolId, 'bob');
    for (const u of ['temp1', 'temp2']) await addUser(s, poolId, u, 'Temp-Passw0rd!', { status: 'FORCE_CHANGE_PASSWORD', temporaryDays: 7 });
  });
  after(async () => s.stop());

  /** InitiateAuth USER_SRP_AUTH; returns the challenge and a function computing a valid PASSWORD_VERIFIER answer. */
  async function startSrp(username = 'alice', cid = clientId) {
    const srp = await srpClient(s, poolId);
    const r = await s.client.send(new InitiateAuthCommand({ AuthFlow: 'USER_SRP_AUTH', ClientId: cid, AuthParameters: { USERNAME: username, SRP_A: srp.srpA } }));
    assert.equal(r.ChallengeName, 'PASSWORD_VERIFIER');
    return { session: r.Session!, params: r.ChallengeParameters!, answer: (password?: string, nowMs?: number) => srp.answer(r.ChallengeParameters!, password, nowMs) };
  }

  const respond = (session: string | undefined, responses: Record<string, string>, challengeName = 'PASSWORD_VERIFIER', cid = clientId) =>
    s.client.send(new RespondToAuthChallengeCommand({ ClientId: cid, ChallengeName: challengeName as never, Session: session, ChallengeResponses: responses }));

  it('a PASSWORD_VERIFIER answer with a valid signature signs in (control)', async () => {
    const c = await startSrp();
    const r = await respond(c.session, await c.answer());
    assert.ok(r.AuthenticationResult?.AccessToken);
  });

  it('the Session is opaque, 20–2048 characters, and never stored as given', async () => {
    const c = await startSrp();
    assert.ok(c.session.length >= 20 && c.session.length <= 2048, `length ${c.session.length}`);
    assert.match(c.session, /^[A-Za-z0-9_-]+$/);
    const record = await s.store.sessions.get(s.deps.hashSecret(c.session));
    assert.ok(record, 'stored under its keyed hash');
    assert.equal(record.challenge, 'PASSWORD_VERIFIER');
    assert.equal(record.usernameKey, 'alice');
    assert.equal(record.clientId, clientId);
    // The server's secret exponent b is kept sealed, never in the clear.
    assert.equal((record.data as Record<string, unknown>).b, undefined);
    assert.equal(typeof (record.data as Record<string, unknown>).bSealed, 'string');
    for (const file of readdirSync(s.dataDir)) {
      const bytes = readFileSync(join(s.dataDir, file));
      assert.equal(bytes.includes(Buffer.from(c.session)), false, `session string found in ${file}`);
    }
  });

  it('expired session (clock past AuthSessionValidity, default 3 minutes) is rejected', async () => {
    const c = await startSrp();
    s.clock.advance(3 * 60_000);
    await rejectsWith(respond(c.session, await c.answer()), 'NotAuthorizedException', EXPIRED);
  });

  it('a session lives as long as the client\'s AuthSessionValidity', async () => {
    const { clientId: cid } = await createClient(s, poolId, { AuthSessionValidity: 15 });
    const early = await startSrp('alice', cid);
    const late = await startSrp('alice', cid);
    s.clock.advance(14 * 60_000 + 59_000);
    assert.ok((await respond(early.session, await early.answer(), 'PASSWORD_VERIFIER', cid)).AuthenticationResult);
    s.clock.advance(1000);
    await rejectsWith(respond(late.session, await late.answer(), 'PASSWORD_VERIFIER', cid), 'NotAuthorizedException', EXPIRED);
  });

  it('session reused after it advanced is rejected (replay of a successful answer)', async () => {
    // Attack: replay a captured PASSWORD_VERIFIER request to obtain a second set of tokens.
    const c = await startSrp();
    const answer = await c.answer();
    assert.ok((await respond(c.session, answer)).AuthenticationResult);
    await rejectsWith(respond(c.session, answer), 'NotAuthorizedException', USED);
  });

  it('session answered for another username is rejected', async () => {
    // Attack: start a sign-in as bob and try to finish it as alice (or vice versa) with the same session.
    const c = await startSrp('bob');
    const answer = await c.answer();
    await rejectsWith(respond(c.session, { ...answer, USERNAME: 'alice' }), 'NotAuthorizedException', INVALID);
    await rejectsWith(respond(c.session, { ...answer, USERNAME: 'nobody' }), 'NotAuthorizedException', INVALID);
    // The session was not used up by the rejected answers.
    assert.ok((await respond(c.session, answer)).AuthenticationResult);
  });

  it('session answered with the wrong challenge name is rejected', async () => {
    // Attack: skip a step (e.g. answer a NEW_PASSWORD_REQUIRED session as PASSWORD_VERIFIER or as an MFA step).
    const c = await startSrp();
    await rejectsWith(respond(c.session, await c.answer(), 'NEW_PASSWORD_REQUIRED'), 'NotAuthorizedException', INVALID);
    await rejectsWith(respond(c.session, { USERNAME: 'alice', SMS_MFA_CODE: '123456' }, 'SMS_MFA'), 'NotAuthorizedException', INVALID);
    const np = await passwordSignIn(s, clientId, 'temp1', 'Temp-Passw0rd!');
    assert.equal(np.ChallengeName, 'NEW_PASSWORD_REQUIRED');
    await rejectsWith(respond(np.Session, await c.answer()), 'NotAuthorizedException', INVALID);
    await rejectsWith(respond(np.Session, { USERNAME: 'temp1', SOFTWARE_TOKEN_MFA_CODE: '123456' }, 'SOFTWARE_TOKEN_MFA'), 'NotAuthorizedException', INVALID);
  });

  it('forged session string is rejected', async () => {
    // Attack: guess or fabricate a Session.
    const c = await startSrp();
    const answer = await c.answer();
    const forged = `AYAB${Buffer.alloc(32, 7).toString('base64url')}`;
    await rejectsWith(respond(forged, answer), 'NotAuthorizedException', INVALID);
    await rejectsWith(respond(c.session.slice(0, -2) + (c.session.endsWith('AA') ? 'AB' : 'AA'), answer), 'NotAuthorizedException', INVALID);
  });

  it('session of another app client is rejected', async () => {
    // Attack: finish, through a client the attacker controls, a sign-in started with another client.
    const { clientId: other } = await createClient(s, poolId);
    const c = await startSrp();
    await rejectsWith(respond(c.session, await c.answer(), 'PASSWORD_VERIFIER', other), 'NotAuthorizedException', INVALID);
  });

  it('a SECRET_BLOCK other than the one issued with the session is rejected', async () => {
    // Attack: pair a session with the SECRET_BLOCK of another exchange.
    const a = await startSrp();
    const b = await startSrp();
    const answerB = await b.answer();
    await rejectsWith(respond(a.session, answerB), 'NotAuthorizedException', INVALID);
  });

  it('a stale TIMESTAMP (more than 5 minutes off) makes the proof fail: Incorrect username or password.', async () => {
    // Attack: replay a signature computed for an old TIMESTAMP.
    const c = await startSrp();
    await rejectsWith(respond(c.session, await c.answer(PASSWORD, s.clock.now() - 6 * 60_000)), 'NotAuthorizedException', 'Incorrect username or password.');
  });

  it('concurrent answers of one session: exactly one of 10 valid PASSWORD_VERIFIER answers succeeds', async () => {
    // Attack: race many copies of a valid answer to obtain several token sets from one sign-in.
    const c = await startSrp();
    const answer = await c.answer();
    const results = await Promise.allSettled(Array.from({ length: 10 }, () => respond(c.session, answer)));
    const ok = results.filter((r) => r.status === 'fulfilled');
    assert.equal(ok.length, 1);
    for (const r of results) {
      if (r.status === 'rejected') {
        assert.equal(r.reason.name, 'NotAuthorizedException');
        assert.equal(r.reason.message, USED);
      }
    }
  });

  it('concurrent NEW_PASSWORD_REQUIRED answers of one session: exactly one succeeds', async () => {
    const np = await passwordSignIn(s, clientId, 'temp2', 'Temp-Passw0rd!');
    const results = await Promise.allSettled(
      Array.from({ length: 10 }, (_, i) => respond(np.Session, { USERNAME: 'temp2', NEW_PASSWORD: `N3w-Passw0rd!${i}` }, 'NEW_PASSWORD_REQUIRED')),
    );
    assert.equal(results.filter((r) => r.status === 'fulfilled').length, 1);
  });

  it('PASSWORD_VERIFIER without a Session (as pycognito/warrant send it) finds its session through SECRET_BLOCK', async () => {
    const c = await startSrp();
    const answer = await c.answer();
    assert.ok((await respond(undefined, answer)).AuthenticationResult);
    await rejectsWith(respond(undefined, answer), 'NotAuthorizedException', USED);
  });

  it('other challenges without a Session: InvalidParameterException "Missing required parameter Session"', async () => {
    await rejectsWith(respond(undefined, { USERNAME: 'temp1', NEW_PASSWORD: 'N3w-Passw0rd!' }, 'NEW_PASSWORD_REQUIRED'), 'InvalidParameterException', 'Missing required parameter Session');
  });
});
