import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { AdminGetUserCommand, ListUsersCommand } from '@aws-sdk/client-cognito-identity-provider';
import type { TestServer } from '../helpers/server.js';
import { attrsOf } from '../helpers/fixtures.js';
import { arn, HandlerFolder, startTriggerServer } from '../triggers/helpers.js';
import { AUTO_CONFIRM_AND_VERIFY } from '../triggers/examples.js';
import { APP_CALLBACK, Browser, federatedPools, federatedSignIn, PROVIDER } from './helpers.js';

/**
 * Issue 18's last part and issue 19 item 6: the triggers of a federated sign-in, with real handler modules. At the
 * first sign-in pre sign-up runs with triggerSource PreSignUp_ExternalProvider before the user is written (the guide's
 * auto-confirm-and-verify example, unchanged, verifies the mapped email), then post confirmation; at every sign-in pre
 * and post authentication; pre token generation as TokenGeneration_HostedAuth when the code is exchanged. A pre
 * sign-up function that throws refuses the sign-in with Cognito's error in the app's redirect, and leaves no user.
 */
const PASS = 'exports.handler = async (event) => event;\n';
const REFUSE = "exports.handler = async () => { throw new Error('Not on the guest list'); };\n";

describe('federation: Lambda triggers of a federated sign-in', () => {
  let s: TestServer;
  let handlers: HandlerFolder;
  before(async () => {
    handlers = new HandlerFolder();
    s = await startTriggerServer({
      [arn('verify')]: { module: handlers.write('verify.cjs', AUTO_CONFIRM_AND_VERIFY) },
      [arn('pass')]: { module: handlers.write('pass.cjs', PASS) },
      [arn('refuse')]: { module: handlers.write('refuse.cjs', REFUSE) },
    });
  });
  after(async () => {
    await s.stop();
    handlers.remove();
  });

  const sources = (poolId: string) =>
    s.deps.triggerLog!.list({ poolId, limit: 50 })
      .reverse()
      .map((e) => e.triggerSource);

  it('first sign-in: PreSignUp_ExternalProvider (before the user exists), PostConfirmation, Pre/PostAuthentication, then HostedAuth tokens; later sign-ins skip the sign-up ones', async () => {
    const rp = await federatedPools(s, {
      pool: {
        LambdaConfig: {
          PreSignUp: arn('verify'),
          PostConfirmation: arn('pass'),
          PreAuthentication: arn('pass'),
          PostAuthentication: arn('pass'),
          PreTokenGeneration: arn('pass'),
        },
      },
    });
    const username = `${PROVIDER}_${rp.upstream.sub}`;
    const end = new URL((await federatedSignIn(new Browser(), rp, { query: { identity_provider: PROVIDER } })).url);
    const code = end.searchParams.get('code');
    assert.ok(code, end.href);
    const token = await fetch(`${rp.base}/oauth2/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'authorization_code', client_id: rp.clientId, code, redirect_uri: APP_CALLBACK }).toString(),
    });
    assert.equal(token.status, 200);
    assert.deepEqual(sources(rp.poolId), [
      'PreSignUp_ExternalProvider',
      'PostConfirmation_ConfirmSignUp',
      'PreAuthentication_Authentication',
      'PostAuthentication_Authentication',
      'TokenGeneration_HostedAuth',
    ]);
    const preSignUp = s.deps.triggerLog!.list({ poolId: rp.poolId, limit: 50 }).at(-1)!;
    assert.equal(preSignUp.username, username);
    const event = preSignUp.event as { userName: string; callerContext: { clientId: string }; request: { userAttributes: Record<string, string> } };
    assert.equal(event.userName, username);
    assert.equal(event.callerContext.clientId, rp.clientId);
    assert.equal(event.request.userAttributes.email, 'bob@upstream.example');
    assert.equal(event.request.userAttributes.name, 'Bob Upstream');
    assert.equal(JSON.parse(event.request.userAttributes.identities!)[0].providerName, PROVIDER);
    const user = await s.client.send(new AdminGetUserCommand({ UserPoolId: rp.poolId, Username: username }));
    assert.equal(attrsOf(user.UserAttributes).email_verified, 'true', "the function's autoVerifyEmail");
    assert.equal(user.UserStatus, 'EXTERNAL_PROVIDER', 'autoConfirmUser changes nothing for a federated user');

    s.deps.triggerLog!.clear();
    assert.ok(new URL((await federatedSignIn(new Browser(), rp, { query: { identity_provider: PROVIDER } })).url).searchParams.get('code'));
    assert.deepEqual(sources(rp.poolId), ['PreAuthentication_Authentication', 'PostAuthentication_Authentication']);
  });

  it('a pre sign-up function that throws: the app gets error=invalid_request with its message, and no user is created', async () => {
    const rp = await federatedPools(s, { pool: { LambdaConfig: { PreSignUp: arn('refuse') } } });
    const end = new URL((await federatedSignIn(new Browser(), rp, { query: { identity_provider: PROVIDER } })).url);
    assert.equal(`${end.origin}${end.pathname}`, APP_CALLBACK);
    assert.equal(end.searchParams.get('error'), 'invalid_request');
    assert.equal(end.searchParams.get('error_description'), 'PreSignUp failed with error Not on the guest list. ');
    assert.equal(end.searchParams.get('state'), 'app-state');
    assert.deepEqual((await s.client.send(new ListUsersCommand({ UserPoolId: rp.poolId }))).Users, []);
  });

  it('a pre authentication function that throws refuses the federated sign-in', async () => {
    const rp = await federatedPools(s, { pool: { LambdaConfig: { PreAuthentication: arn('refuse') } } });
    const end = new URL((await federatedSignIn(new Browser(), rp, { query: { identity_provider: PROVIDER } })).url);
    assert.equal(end.searchParams.get('error'), 'invalid_request');
    assert.equal(end.searchParams.get('error_description'), 'PreAuthentication failed with error Not on the guest list. ');
    assert.equal(end.searchParams.get('code'), null);
  });
});
