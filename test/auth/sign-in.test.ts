import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  AdminCreateUserCommand,
  AdminInitiateAuthCommand,
  AdminRespondToAuthChallengeCommand,
  GetTokensFromRefreshTokenCommand,
  InitiateAuthCommand,
  RespondToAuthChallengeCommand,
  SetUserPoolMfaConfigCommand,
  type AuthFlowType,
} from '@aws-sdk/client-cognito-identity-provider';
import { decodeJwt } from '../../src/domain/tokens/jwt.js';
import { rejectsWith, startTestServer, type TestServer } from '../helpers/server.js';
import { addUser, createClient, createPool, PASSWORD, secretHash, setUser, srpClient, tokensFor } from '../helpers/fixtures.js';

const INCORRECT = 'Incorrect username or password.';
const EXCEEDED = 'Password attempts exceeded';

describe('sign-in rules', () => {
  let s: TestServer;
  let poolId: string;
  let clientId: string;

  before(async () => {
    s = await startTestServer();
    poolId = await createPool(s);
    ({ clientId } = await createClient(s, poolId));
  });
  after(async () => s.stop());

  const initiate = (flow: string, params: Record<string, string>, cid = clientId) =>
    s.client.send(new InitiateAuthCommand({ AuthFlow: flow as AuthFlowType, ClientId: cid, AuthParameters: params }));
  const adminInitiate = (flow: string, params: Record<string, string>, cid = clientId, pool = poolId) =>
    s.client.send(new AdminInitiateAuthCommand({ UserPoolId: pool, AuthFlow: flow as AuthFlowType, ClientId: cid, AuthParameters: params }));

  async function srpSignIn(username: string, password: string, cid = clientId, extra: Record<string, string> = {}, answerExtra: Record<string, string> = {}) {
    const srp = await srpClient(s, poolId);
    const r = await initiate('USER_SRP_AUTH', { USERNAME: username, SRP_A: srp.srpA, ...extra }, cid);
    return s.client.send(
      new RespondToAuthChallengeCommand({
        ClientId: cid,
        ChallengeName: 'PASSWORD_VERIFIER',
        Session: r.Session,
        ChallengeResponses: { ...(await srp.answer(r.ChallengeParameters!, password)), ...answerExtra },
      }),
    );
  }

  describe('ExplicitAuthFlows', () => {
    it('USER_PASSWORD_AUTH not allowed: InvalidParameterException "USER_PASSWORD_AUTH flow not enabled for this client"', async () => {
      await addUser(s, poolId, 'flows');
      const { clientId: srpOnly } = await createClient(s, poolId, { ExplicitAuthFlows: ['ALLOW_USER_SRP_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'] });
      await rejectsWith(initiate('USER_PASSWORD_AUTH', { USERNAME: 'flows', PASSWORD }, srpOnly), 'InvalidParameterException', 'USER_PASSWORD_AUTH flow not enabled for this client');
      assert.ok((await srpSignIn('flows', PASSWORD, srpOnly)).AuthenticationResult);
    });

    it('a client created without ExplicitAuthFlows allows SRP but not USER_PASSWORD_AUTH (Cognito defaults)', async () => {
      const { clientId: defaults } = await createClient(s, poolId, { ExplicitAuthFlows: undefined });
      await rejectsWith(initiate('USER_PASSWORD_AUTH', { USERNAME: 'flows', PASSWORD }, defaults), 'InvalidParameterException', 'USER_PASSWORD_AUTH flow not enabled for this client');
      await rejectsWith(adminInitiate('ADMIN_USER_PASSWORD_AUTH', { USERNAME: 'flows', PASSWORD }, defaults), 'InvalidParameterException', 'Auth flow not enabled for this client');
      assert.ok((await srpSignIn('flows', PASSWORD, defaults)).AuthenticationResult);
    });

    it('USER_SRP_AUTH not allowed: InvalidParameterException "USER_SRP_AUTH is not enabled for the client."', async () => {
      const { clientId: passwordOnly } = await createClient(s, poolId, { ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'] });
      await rejectsWith(initiate('USER_SRP_AUTH', { USERNAME: 'flows', SRP_A: 'abcdef' }, passwordOnly), 'InvalidParameterException', 'USER_SRP_AUTH is not enabled for the client.');
    });

    it('ADMIN_USER_PASSWORD_AUTH and its old name ADMIN_NO_SRP_AUTH need ALLOW_ADMIN_USER_PASSWORD_AUTH (or the legacy ADMIN_NO_SRP_AUTH)', async () => {
      for (const flow of ['ADMIN_USER_PASSWORD_AUTH', 'ADMIN_NO_SRP_AUTH']) {
        assert.ok((await adminInitiate(flow, { USERNAME: 'flows', PASSWORD })).AuthenticationResult, flow);
      }
      const { clientId: legacy } = await createClient(s, poolId, { ExplicitAuthFlows: ['ADMIN_NO_SRP_AUTH'] });
      assert.ok((await adminInitiate('ADMIN_USER_PASSWORD_AUTH', { USERNAME: 'flows', PASSWORD }, legacy)).AuthenticationResult);
      const { clientId: none } = await createClient(s, poolId, { ExplicitAuthFlows: ['ALLOW_USER_SRP_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'] });
      await rejectsWith(adminInitiate('ADMIN_NO_SRP_AUTH', { USERNAME: 'flows', PASSWORD }, none), 'InvalidParameterException', 'Auth flow not enabled for this client');
    });

    it('a flow sent to the wrong operation: InvalidParameterException "Initiate Auth method not supported."', async () => {
      await rejectsWith(initiate('ADMIN_USER_PASSWORD_AUTH', { USERNAME: 'flows', PASSWORD }), 'InvalidParameterException', 'Initiate Auth method not supported.');
      await rejectsWith(adminInitiate('USER_PASSWORD_AUTH', { USERNAME: 'flows', PASSWORD }), 'InvalidParameterException', 'Initiate Auth method not supported.');
    });

    it('AdminInitiateAuth with a client of another pool: ResourceNotFoundException', async () => {
      const other = await createPool(s);
      await rejectsWith(adminInitiate('ADMIN_USER_PASSWORD_AUTH', { USERNAME: 'flows', PASSWORD }, clientId, other), 'ResourceNotFoundException');
    });

    it('CUSTOM_AUTH needs the define trigger (test/triggers/custom-auth.test.ts); USER_AUTH needs ALLOW_USER_AUTH', async () => {
      const { clientId: custom } = await createClient(s, poolId, { ExplicitAuthFlows: ['ALLOW_CUSTOM_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'] });
      await rejectsWith(initiate('CUSTOM_AUTH', { USERNAME: 'flows' }, custom), 'InvalidParameterException', 'Custom auth lambda trigger is not configured for the user pool.');
      await rejectsWith(initiate('CUSTOM_AUTH', { USERNAME: 'flows' }), 'InvalidParameterException', 'CUSTOM_AUTH is not enabled for the client.');
      await rejectsWith(initiate('USER_AUTH', { USERNAME: 'flows' }), 'InvalidParameterException', 'USER_AUTH flow not enabled for this client');
    });

    it('device challenges are answered through challenge sessions like the others (an unknown session is refused)', async () => {
      for (const ChallengeName of ['DEVICE_SRP_AUTH', 'DEVICE_PASSWORD_VERIFIER'] as const) {
        await rejectsWith(
          s.client.send(new RespondToAuthChallengeCommand({ ClientId: clientId, ChallengeName, Session: 'x'.repeat(40), ChallengeResponses: { USERNAME: 'flows' } })),
          'NotAuthorizedException',
          'Invalid session for the user.',
        );
      }
    });

    it('missing parameters: InvalidParameterException "Missing required parameter X"', async () => {
      await rejectsWith(initiate('USER_PASSWORD_AUTH', { USERNAME: 'flows' }), 'InvalidParameterException', 'Missing required parameter PASSWORD');
      await rejectsWith(initiate('USER_PASSWORD_AUTH', { PASSWORD }), 'InvalidParameterException', 'Missing required parameter USERNAME');
      await rejectsWith(initiate('USER_SRP_AUTH', { USERNAME: 'flows' }), 'InvalidParameterException', 'Missing required parameter SRP_A');
      await rejectsWith(initiate('REFRESH_TOKEN_AUTH', {}), 'InvalidParameterException', 'Missing required parameter REFRESH_TOKEN');
    });
  });

  describe('SECRET_HASH', () => {
    let secretClient: string;
    let secret: string;
    before(async () => {
      const c = await createClient(s, poolId, { GenerateSecret: true });
      secretClient = c.clientId;
      secret = c.clientSecret!;
      await addUser(s, poolId, 'secretive');
    });

    it('missing: NotAuthorizedException "Client <id> is configured with secret but SECRET_HASH was not received"', async () => {
      await rejectsWith(initiate('USER_PASSWORD_AUTH', { USERNAME: 'secretive', PASSWORD }, secretClient), 'NotAuthorizedException', `Client ${secretClient} is configured with secret but SECRET_HASH was not received`);
      await rejectsWith(adminInitiate('ADMIN_USER_PASSWORD_AUTH', { USERNAME: 'secretive', PASSWORD }, secretClient), 'NotAuthorizedException', `Client ${secretClient} is configured with secret but SECRET_HASH was not received`);
    });

    it('wrong (other user name, other secret): NotAuthorizedException "Unable to verify secret hash for client <id>"', async () => {
      for (const h of [secretHash(secret, 'someone', secretClient), secretHash('x'.repeat(52), 'secretive', secretClient)]) {
        await rejectsWith(initiate('USER_PASSWORD_AUTH', { USERNAME: 'secretive', PASSWORD, SECRET_HASH: h }, secretClient), 'NotAuthorizedException', `Unable to verify secret hash for client ${secretClient}`);
      }
    });

    it('right: password, SRP (InitiateAuth and the PASSWORD_VERIFIER answer) and refresh all work', async () => {
      const h = secretHash(secret, 'secretive', secretClient);
      const r = await initiate('USER_PASSWORD_AUTH', { USERNAME: 'secretive', PASSWORD, SECRET_HASH: h }, secretClient);
      assert.ok(r.AuthenticationResult);
      const srp = await srpSignIn('secretive', PASSWORD, secretClient, { SECRET_HASH: h }, { SECRET_HASH: h });
      assert.ok(srp.AuthenticationResult);
      const refresh = r.AuthenticationResult!.RefreshToken!;
      await rejectsWith(initiate('REFRESH_TOKEN_AUTH', { REFRESH_TOKEN: refresh }, secretClient), 'NotAuthorizedException', `Client ${secretClient} is configured for secret but secret was not received`);
      assert.ok((await initiate('REFRESH_TOKEN_AUTH', { REFRESH_TOKEN: refresh, SECRET_HASH: h }, secretClient)).AuthenticationResult);
      await rejectsWith(s.client.send(new GetTokensFromRefreshTokenCommand({ ClientId: secretClient, RefreshToken: refresh })), 'NotAuthorizedException');
      await rejectsWith(s.client.send(new GetTokensFromRefreshTokenCommand({ ClientId: secretClient, RefreshToken: refresh, ClientSecret: 'y'.repeat(52) })), 'NotAuthorizedException');
      assert.ok((await s.client.send(new GetTokensFromRefreshTokenCommand({ ClientId: secretClient, RefreshToken: refresh, ClientSecret: secret }))).AuthenticationResult);
    });

    it('a PASSWORD_VERIFIER answer without SECRET_HASH is refused for a client with a secret', async () => {
      const h = secretHash(secret, 'secretive', secretClient);
      await rejectsWith(srpSignIn('secretive', PASSWORD, secretClient, { SECRET_HASH: h }), 'NotAuthorizedException', `Client ${secretClient} is configured with secret but SECRET_HASH was not received`);
    });
  });

  describe('who may sign in', () => {
    it('unknown user: UserNotFoundException "User does not exist." (PreventUserExistenceErrors off)', async () => {
      await rejectsWith(initiate('USER_PASSWORD_AUTH', { USERNAME: 'nobody', PASSWORD }), 'UserNotFoundException', 'User does not exist.');
      const srp = await srpClient(s, poolId);
      await rejectsWith(initiate('USER_SRP_AUTH', { USERNAME: 'nobody', SRP_A: srp.srpA }), 'UserNotFoundException', 'User does not exist.');
    });

    it('unknown user with PreventUserExistenceErrors=ENABLED looks like a wrong password, also through SRP', async () => {
      // Attack: enumerate accounts by the error a sign-in returns.
      const { clientId: prevent } = await createClient(s, poolId, { PreventUserExistenceErrors: 'ENABLED' });
      await rejectsWith(initiate('USER_PASSWORD_AUTH', { USERNAME: 'nobody', PASSWORD }, prevent), 'NotAuthorizedException', INCORRECT);
      const srp = await srpClient(s, poolId);
      const first = await initiate('USER_SRP_AUTH', { USERNAME: 'nobody', SRP_A: srp.srpA }, prevent);
      const again = await initiate('USER_SRP_AUTH', { USERNAME: 'nobody', SRP_A: srp.srpA }, prevent);
      assert.equal(first.ChallengeName, 'PASSWORD_VERIFIER');
      assert.equal(first.ChallengeParameters!.SALT, again.ChallengeParameters!.SALT, 'a decoy salt is stable');
      await rejectsWith(
        s.client.send(new RespondToAuthChallengeCommand({ ClientId: prevent, ChallengeName: 'PASSWORD_VERIFIER', Session: first.Session, ChallengeResponses: await srp.answer(first.ChallengeParameters!) })),
        'NotAuthorizedException',
        INCORRECT,
      );
    });

    it('wrong password: NotAuthorizedException "Incorrect username or password."', async () => {
      await addUser(s, poolId, 'wrongpw');
      await rejectsWith(initiate('USER_PASSWORD_AUTH', { USERNAME: 'wrongpw', PASSWORD: 'Wr0ng-Password!' }), 'NotAuthorizedException', INCORRECT);
      await rejectsWith(srpSignIn('wrongpw', 'Wr0ng-Password!'), 'NotAuthorizedException', INCORRECT);
    });

    it('disabled user: NotAuthorizedException "User is disabled."', async () => {
      await addUser(s, poolId, 'disabled', PASSWORD, { enabled: false });
      await rejectsWith(initiate('USER_PASSWORD_AUTH', { USERNAME: 'disabled', PASSWORD }), 'NotAuthorizedException', 'User is disabled.');
      await rejectsWith(srpSignIn('disabled', PASSWORD), 'NotAuthorizedException', 'User is disabled.');
    });

    it('UNCONFIRMED user: UserNotConfirmedException "User is not confirmed." only with the right password', async () => {
      await addUser(s, poolId, 'unconfirmed', PASSWORD, { status: 'UNCONFIRMED' });
      await rejectsWith(initiate('USER_PASSWORD_AUTH', { USERNAME: 'unconfirmed', PASSWORD: 'Wr0ng-Password!' }), 'NotAuthorizedException', INCORRECT);
      await rejectsWith(initiate('USER_PASSWORD_AUTH', { USERNAME: 'unconfirmed', PASSWORD }), 'UserNotConfirmedException', 'User is not confirmed.');
      await rejectsWith(srpSignIn('unconfirmed', PASSWORD), 'UserNotConfirmedException', 'User is not confirmed.');
    });

    it('RESET_REQUIRED user: PasswordResetRequiredException', async () => {
      await addUser(s, poolId, 'reset', PASSWORD, { status: 'RESET_REQUIRED' });
      await rejectsWith(initiate('USER_PASSWORD_AUTH', { USERNAME: 'reset', PASSWORD }), 'PasswordResetRequiredException', 'Password reset required for the user');
    });

    it('sign-in by alias: an email user name pool answers with the sub as USER_ID_FOR_SRP and token username', async () => {
      const emailPool = await createPool(s, { UsernameAttributes: ['email'] });
      const { clientId: cid } = await createClient(s, emailPool);
      await addUser(s, emailPool, 'dana@example.com');
      const srp = await srpClient(s, emailPool);
      const r = await initiate('USER_SRP_AUTH', { USERNAME: 'dana@example.com', SRP_A: srp.srpA }, cid);
      assert.match(r.ChallengeParameters!.USER_ID_FOR_SRP!, /^[0-9a-f-]{36}$/);
      const done = await s.client.send(
        new RespondToAuthChallengeCommand({ ClientId: cid, ChallengeName: 'PASSWORD_VERIFIER', Session: r.Session, ChallengeResponses: await srp.answer(r.ChallengeParameters!) }),
      );
      assert.equal(decodeJwt(done.AuthenticationResult!.AccessToken!).payload.username, r.ChallengeParameters!.USER_ID_FOR_SRP);
      assert.ok((await initiate('USER_PASSWORD_AUTH', { USERNAME: 'DANA@example.com', PASSWORD }, cid)).AuthenticationResult);
    });
  });

  describe('lockout (docs/compatibility.md, Users: lockout: 5 failures, then 1 s doubling, under the injected clock)', () => {
    const wrong = (u: string) => initiate('USER_PASSWORD_AUTH', { USERNAME: u, PASSWORD: 'Wr0ng-Password!' });
    const right = (u: string) => initiate('USER_PASSWORD_AUTH', { USERNAME: u, PASSWORD });

    it('reproduces the schedule: free failures, 1 s, 2 s, 4 s; attempts during a lockout do not extend it', async () => {
      // Attack: online password guessing.
      await addUser(s, poolId, 'guessed');
      for (let i = 1; i <= 5; i++) await rejectsWith(wrong('guessed'), 'NotAuthorizedException', INCORRECT);
      // 5th failure: locked for 1 s; even the right password is refused, and does not extend the lockout.
      await rejectsWith(right('guessed'), 'NotAuthorizedException', EXCEEDED);
      s.clock.advance(999);
      await rejectsWith(right('guessed'), 'NotAuthorizedException', EXCEEDED);
      await rejectsWith(wrong('guessed'), 'NotAuthorizedException', EXCEEDED);
      s.clock.advance(1);
      // 6th failure: 2 s.
      await rejectsWith(wrong('guessed'), 'NotAuthorizedException', INCORRECT);
      s.clock.advance(1999);
      await rejectsWith(right('guessed'), 'NotAuthorizedException', EXCEEDED);
      s.clock.advance(1);
      // 7th failure: 4 s.
      await rejectsWith(wrong('guessed'), 'NotAuthorizedException', INCORRECT);
      s.clock.advance(3999);
      await rejectsWith(srpSignIn('guessed', PASSWORD), 'NotAuthorizedException', EXCEEDED);
      s.clock.advance(1);
      // After the lockout the right password signs in and clears the count.
      assert.ok((await right('guessed')).AuthenticationResult);
      for (let i = 1; i <= 4; i++) await rejectsWith(wrong('guessed'), 'NotAuthorizedException', INCORRECT);
      assert.ok((await right('guessed')).AuthenticationResult);
    });

    it('wrong SRP proofs count too', async () => {
      await addUser(s, poolId, 'srpguess');
      for (let i = 1; i <= 5; i++) await rejectsWith(srpSignIn('srpguess', 'Wr0ng-Password!'), 'NotAuthorizedException', INCORRECT);
      await rejectsWith(right('srpguess'), 'NotAuthorizedException', EXCEEDED);
      s.clock.advance(1000);
      assert.ok((await srpSignIn('srpguess', PASSWORD)).AuthenticationResult);
    });

    it('failures are forgotten after 15 quiet minutes', async () => {
      await addUser(s, poolId, 'forgetful');
      for (let i = 1; i <= 4; i++) await rejectsWith(wrong('forgetful'), 'NotAuthorizedException', INCORRECT);
      s.clock.advance(15 * 60_000);
      await rejectsWith(wrong('forgetful'), 'NotAuthorizedException', INCORRECT);
      assert.ok((await right('forgetful')).AuthenticationResult);
    });

    it('the lockout is capped at 15 minutes', async () => {
      await addUser(s, poolId, 'capped');
      // Failures 1..14, each after the previous lock ran out (1 s, 2 s, … 512 s: never 15 quiet minutes).
      for (let n = 1; n <= 14; n++) {
        await rejectsWith(wrong('capped'), 'NotAuthorizedException', INCORRECT);
        if (n >= 5) s.clock.advance(1000 * 2 ** (n - 5));
      }
      // The 15th: 2^10 s would be 17 minutes; capped at 15.
      await rejectsWith(wrong('capped'), 'NotAuthorizedException', INCORRECT);
      s.clock.advance(15 * 60_000 - 1);
      await rejectsWith(right('capped'), 'NotAuthorizedException', EXCEEDED);
      s.clock.advance(1);
      assert.ok((await right('capped')).AuthenticationResult);
    });
  });

  describe('NEW_PASSWORD_REQUIRED', () => {
    let requiredPool: string;
    let cid: string;
    before(async () => {
      requiredPool = await createPool(s, { Schema: [{ Name: 'name', AttributeDataType: 'String', Required: true, Mutable: true }] });
      ({ clientId: cid } = await createClient(s, requiredPool));
    });

    const createInvited = (username: string, attributes: Record<string, string> = { email: `${username}@example.com` }) =>
      s.client.send(
        new AdminCreateUserCommand({
          UserPoolId: requiredPool,
          Username: username,
          TemporaryPassword: 'Temp-Passw0rd!',
          MessageAction: 'SUPPRESS',
          UserAttributes: Object.entries(attributes).map(([Name, Value]) => ({ Name, Value })),
        }),
      );
    const respond = (session: string | undefined, responses: Record<string, string>) =>
      s.client.send(new RespondToAuthChallengeCommand({ ClientId: cid, ChallengeName: 'NEW_PASSWORD_REQUIRED', Session: session, ChallengeResponses: responses }));

    it('an AdminCreateUser user signing in with the temporary password gets the challenge with its attributes and the missing required ones', async () => {
      await createInvited('erin');
      const r = await initiate('USER_PASSWORD_AUTH', { USERNAME: 'erin', PASSWORD: 'Temp-Passw0rd!' }, cid);
      assert.equal(r.ChallengeName, 'NEW_PASSWORD_REQUIRED');
      assert.equal(r.AuthenticationResult, undefined);
      assert.equal(r.ChallengeParameters!.USER_ID_FOR_SRP, 'erin');
      assert.deepEqual(JSON.parse(r.ChallengeParameters!.requiredAttributes!), ['userAttributes.name']);
      const attrs = JSON.parse(r.ChallengeParameters!.userAttributes!);
      assert.equal(attrs.email, 'erin@example.com');
      assert.equal(attrs.sub, undefined);
    });

    it('answers are checked before the session is used: policy, required attributes, unauthorized attributes', async () => {
      await createInvited('frank');
      const r = await initiate('USER_PASSWORD_AUTH', { USERNAME: 'frank', PASSWORD: 'Temp-Passw0rd!' }, cid);
      await rejectsWith(respond(r.Session, { USERNAME: 'frank', NEW_PASSWORD: 'short', 'userAttributes.name': 'Frank' }), 'InvalidPasswordException', /^Password did not conform with policy/);
      await rejectsWith(respond(r.Session, { USERNAME: 'frank', NEW_PASSWORD: 'N3w-Passw0rd!' }), 'InvalidParameterException', 'Invalid attributes given, name is missing');
      // Attack: mark one's own email verified while answering the challenge.
      await rejectsWith(
        respond(r.Session, { USERNAME: 'frank', NEW_PASSWORD: 'N3w-Passw0rd!', 'userAttributes.name': 'Frank', 'userAttributes.email_verified': 'true' }),
        'NotAuthorizedException',
        'A client attempted to write unauthorized attribute',
      );
      const done = await respond(r.Session, { USERNAME: 'frank', NEW_PASSWORD: 'N3w-Passw0rd!', 'userAttributes.name': 'Frank' });
      const id = decodeJwt(done.AuthenticationResult!.IdToken!).payload;
      assert.equal(id.name, 'Frank');
      assert.equal(id.email_verified, undefined);
      const user = await s.store.users.get(requiredPool, 'frank');
      assert.equal(user!.status, 'CONFIRMED');
      await rejectsWith(initiate('USER_PASSWORD_AUTH', { USERNAME: 'frank', PASSWORD: 'Temp-Passw0rd!' }, cid), 'NotAuthorizedException', INCORRECT);
      assert.ok((await initiate('USER_PASSWORD_AUTH', { USERNAME: 'frank', PASSWORD: 'N3w-Passw0rd!' }, cid)).AuthenticationResult);
    });

    it('through SRP and AdminRespondToAuthChallenge as well', async () => {
      await createInvited('gina', { email: 'gina@example.com', name: 'Gina' });
      const srp = await srpClient(s, requiredPool);
      const r = await initiate('USER_SRP_AUTH', { USERNAME: 'gina', SRP_A: srp.srpA }, cid);
      const np = await s.client.send(
        new RespondToAuthChallengeCommand({ ClientId: cid, ChallengeName: 'PASSWORD_VERIFIER', Session: r.Session, ChallengeResponses: await srp.answer(r.ChallengeParameters!, 'Temp-Passw0rd!') }),
      );
      assert.equal(np.ChallengeName, 'NEW_PASSWORD_REQUIRED');
      assert.deepEqual(JSON.parse(np.ChallengeParameters!.requiredAttributes!), []);
      const done = await s.client.send(
        new AdminRespondToAuthChallengeCommand({
          UserPoolId: requiredPool,
          ClientId: cid,
          ChallengeName: 'NEW_PASSWORD_REQUIRED',
          Session: np.Session,
          ChallengeResponses: { USERNAME: 'gina', NEW_PASSWORD: 'N3w-Passw0rd!' },
        }),
      );
      assert.ok(done.AuthenticationResult?.AccessToken);
    });

    it('an expired temporary password: NotAuthorizedException "Temporary password has expired and must be reset by an administrator."', async () => {
      await createInvited('hank');
      s.clock.advance(7 * 86400_000);
      await rejectsWith(
        initiate('USER_PASSWORD_AUTH', { USERNAME: 'hank', PASSWORD: 'Temp-Passw0rd!' }, cid),
        'NotAuthorizedException',
        'Temporary password has expired and must be reset by an administrator.',
      );
    });

    it('comes before any MFA challenge (pool MFA required: MFA_SETUP follows the new password)', async () => {
      const mfaPool = await createPool(s);
      await s.client.send(new SetUserPoolMfaConfigCommand({ UserPoolId: mfaPool, MfaConfiguration: 'ON', SoftwareTokenMfaConfiguration: { Enabled: true } }));
      const { clientId: mfaClient } = await createClient(s, mfaPool);
      await addUser(s, mfaPool, 'ivy', 'Temp-Passw0rd!', { status: 'FORCE_CHANGE_PASSWORD', temporaryDays: 7 });
      const r = await initiate('USER_PASSWORD_AUTH', { USERNAME: 'ivy', PASSWORD: 'Temp-Passw0rd!' }, mfaClient);
      assert.equal(r.ChallengeName, 'NEW_PASSWORD_REQUIRED');
      const next = await s.client.send(
        new RespondToAuthChallengeCommand({ ClientId: mfaClient, ChallengeName: 'NEW_PASSWORD_REQUIRED', Session: r.Session, ChallengeResponses: { USERNAME: 'ivy', NEW_PASSWORD: 'N3w-Passw0rd!' } }),
      );
      assert.equal(next.ChallengeName, 'MFA_SETUP');
      assert.equal(next.AuthenticationResult, undefined);
      assert.notEqual(next.Session, r.Session);
    });
  });

  describe('refresh', () => {
    it('refresh tokens: revoked, unknown, of another client, expired, of a disabled user', async () => {
      await addUser(s, poolId, 'refresher');
      const t = await tokensFor(s, clientId, 'refresher');
      const refresh = (token: string, cid = clientId) => initiate('REFRESH_TOKEN_AUTH', { REFRESH_TOKEN: token }, cid);
      assert.ok((await refresh(t.RefreshToken)).AuthenticationResult);
      assert.ok((await adminInitiate('REFRESH_TOKEN', { REFRESH_TOKEN: t.RefreshToken })).AuthenticationResult);
      await rejectsWith(refresh(t.RefreshToken.slice(0, -4) + 'AAAA'), 'NotAuthorizedException', 'Invalid Refresh Token.');
      // Attack: use a refresh token with an app client it was not issued to.
      const { clientId: other } = await createClient(s, poolId);
      await rejectsWith(refresh(t.RefreshToken, other), 'NotAuthorizedException', 'Invalid Refresh Token.');
      await setUser(s, poolId, 'refresher', (u) => (u.enabled = false));
      await rejectsWith(refresh(t.RefreshToken), 'NotAuthorizedException', 'User is disabled.');
      await setUser(s, poolId, 'refresher', (u) => (u.enabled = true));
      s.clock.advance(30 * 86400_000);
      await rejectsWith(refresh(t.RefreshToken), 'NotAuthorizedException', 'Refresh Token has expired');
    });

    it('the refreshed access token keeps auth_time and lives for the client\'s AccessTokenValidity', async () => {
      const { clientId: short } = await createClient(s, poolId, { AccessTokenValidity: 5, TokenValidityUnits: { AccessToken: 'minutes' } });
      await addUser(s, poolId, 'shortlived');
      const t = await tokensFor(s, short, 'shortlived');
      s.clock.advance(10 * 60_000);
      const r = await initiate('REFRESH_TOKEN_AUTH', { REFRESH_TOKEN: t.RefreshToken }, short);
      assert.equal(r.AuthenticationResult!.ExpiresIn, 300);
      const a = decodeJwt(r.AuthenticationResult!.AccessToken!).payload as { auth_time: number; exp: number; iat: number };
      assert.equal(a.auth_time, decodeJwt(t.AccessToken).payload.auth_time);
      assert.equal(a.exp - a.iat, 300);
    });
  });
});

