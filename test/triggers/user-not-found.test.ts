import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { InitiateAuthCommand, RespondToAuthChallengeCommand } from '@aws-sdk/client-cognito-identity-provider';
import { rejectsWith, type TestServer } from '../helpers/server.js';
import { addUser, createClient, createPool, PASSWORD, passwordSignIn } from '../helpers/fixtures.js';
import { arn, HandlerFolder, startTriggerServer } from './helpers.js';

/**
 * Issue 18: `userNotFound`. With PreventUserExistenceErrors ENABLED on the app client, Cognito runs pre authentication
 * and the custom-auth triggers for a user name nobody has, with no attributes and `userNotFound: true`, so that the
 * answers (and what the functions cost) look like a user's; the flow never ends in tokens. Without the setting the
 * sign-in answers UserNotFoundException and no function runs. (Developer guide: pre authentication and define auth
 * challenge request parameters.)
 */
const PASS_THROUGH = 'export const handler = async (event) => event;\n';
const DEFINE = `export const handler = async (event) => {
  const last = event.request.session[event.request.session.length - 1];
  if (last && last.challengeResult === true) event.response.issueTokens = true;
  else if (event.request.session.length >= 3) event.response.failAuthentication = true;
  else event.response.challengeName = 'CUSTOM_CHALLENGE';
  return event;
};
`;
// As a function written for userNotFound would: the same challenge for everyone, an answer nobody can know for a ghost.
const CREATE = `export const handler = async (event) => {
  event.response.publicChallengeParameters = { question: 'code?' };
  event.response.privateChallengeParameters = { answer: event.request.userNotFound ? 'no-such-user' : '424242' };
  return event;
};
`;
const VERIFY = `export const handler = async (event) => {
  event.response.answerCorrect = event.request.challengeAnswer === event.request.privateChallengeParameters.answer;
  return event;
};
`;
// A verify function that (wrongly) accepts anything: even then an unknown user gets no tokens.
const VERIFY_ANYTHING = `export const handler = async (event) => { event.response.answerCorrect = true; return event; };\n`;

describe('userNotFound (PreventUserExistenceErrors ENABLED)', () => {
  let s: TestServer;
  let handlers: HandlerFolder;
  before(async () => {
    handlers = new HandlerFolder();
    s = await startTriggerServer({
      pre: { module: handlers.write('pre.mjs', PASS_THROUGH) },
      define: { module: handlers.write('define.mjs', DEFINE) },
      create: { module: handlers.write('create.mjs', CREATE) },
      verify: { module: handlers.write('verify.mjs', VERIFY) },
      'verify-anything': { module: handlers.write('verify-anything.mjs', VERIFY_ANYTHING) },
    });
  });
  after(async () => {
    await s.stop();
    handlers.remove();
  });

  const events = (poolId: string, username: string, trigger: string) =>
    s.deps.triggerLog!.list({ poolId, username, limit: 100 }).filter((i) => i.trigger === trigger).map((i) => i.event as any);

  it('PreAuthentication: an unknown name runs it with userNotFound true and no attributes; a user with userNotFound false', async () => {
    const poolId = await createPool(s, { LambdaConfig: { PreAuthentication: arn('pre') } });
    const { clientId } = await createClient(s, poolId, { PreventUserExistenceErrors: 'ENABLED' });
    await addUser(s, poolId, 'ann');
    await rejectsWith(passwordSignIn(s, clientId, 'ghost'), 'NotAuthorizedException', 'Incorrect username or password.');
    const [ghost] = events(poolId, 'ghost', 'PreAuthentication');
    assert.equal(ghost.triggerSource, 'PreAuthentication_Authentication');
    assert.deepEqual(ghost.request, { userAttributes: {}, validationData: null, userNotFound: true });
    await passwordSignIn(s, clientId, 'ann');
    assert.equal(events(poolId, 'ann', 'PreAuthentication')[0].request.userNotFound, false);
    // USER_SRP_AUTH too: the decoy exchange starts after the function ran.
    const srp = await s.client.send(new InitiateAuthCommand({ ClientId: clientId, AuthFlow: 'USER_SRP_AUTH', AuthParameters: { USERNAME: 'ghost2', SRP_A: 'ab'.repeat(384) } }));
    assert.equal(srp.ChallengeName, 'PASSWORD_VERIFIER');
    assert.equal(events(poolId, 'ghost2', 'PreAuthentication')[0].request.userNotFound, true);
  });

  it('PreAuthentication without the setting: UserNotFoundException, no invocation, and no userNotFound member for users', async () => {
    const poolId = await createPool(s, { LambdaConfig: { PreAuthentication: arn('pre') } });
    const { clientId } = await createClient(s, poolId, { PreventUserExistenceErrors: 'LEGACY' });
    await addUser(s, poolId, 'bob');
    await rejectsWith(passwordSignIn(s, clientId, 'ghost'), 'UserNotFoundException', 'User does not exist.');
    assert.equal(events(poolId, 'ghost', 'PreAuthentication').length, 0);
    await passwordSignIn(s, clientId, 'bob');
    assert.equal('userNotFound' in events(poolId, 'bob', 'PreAuthentication')[0].request, false);
  });

  it('CUSTOM_AUTH: an unknown name gets a challenge like a user\'s (define and create see userNotFound), and never tokens', async () => {
    const poolId = await createPool(s, { LambdaConfig: { DefineAuthChallenge: arn('define'), CreateAuthChallenge: arn('create'), VerifyAuthChallengeResponse: arn('verify-anything') } });
    const { clientId } = await createClient(s, poolId, { PreventUserExistenceErrors: 'ENABLED', ExplicitAuthFlows: ['ALLOW_CUSTOM_AUTH'] });
    const step = await s.client.send(new InitiateAuthCommand({ ClientId: clientId, AuthFlow: 'CUSTOM_AUTH', AuthParameters: { USERNAME: 'ghost' } }));
    assert.equal(step.ChallengeName, 'CUSTOM_CHALLENGE');
    assert.deepEqual(step.ChallengeParameters, { question: 'code?', USERNAME: 'ghost' });
    const [define] = events(poolId, 'ghost', 'DefineAuthChallenge');
    assert.equal(define.request.userNotFound, true);
    assert.deepEqual(define.request.userAttributes, {});
    assert.equal(events(poolId, 'ghost', 'CreateAuthChallenge')[0].request.userNotFound, true);
    await rejectsWith(
      s.client.send(new RespondToAuthChallengeCommand({ ClientId: clientId, ChallengeName: 'CUSTOM_CHALLENGE', Session: step.Session, ChallengeResponses: { USERNAME: 'ghost', ANSWER: 'anything' } })),
      'NotAuthorizedException',
      'Incorrect username or password.',
    );
    assert.equal(events(poolId, 'ghost', 'VerifyAuthChallengeResponse')[0].request.userNotFound, true);
  });

  it('CUSTOM_AUTH: a user\'s flow in the same client carries userNotFound false and signs in', async () => {
    const poolId = await createPool(s, { LambdaConfig: { DefineAuthChallenge: arn('define'), CreateAuthChallenge: arn('create'), VerifyAuthChallengeResponse: arn('verify') } });
    const { clientId } = await createClient(s, poolId, { PreventUserExistenceErrors: 'ENABLED', ExplicitAuthFlows: ['ALLOW_CUSTOM_AUTH'] });
    await addUser(s, poolId, 'cy', PASSWORD);
    const step = await s.client.send(new InitiateAuthCommand({ ClientId: clientId, AuthFlow: 'CUSTOM_AUTH', AuthParameters: { USERNAME: 'cy' } }));
    const done = await s.client.send(
      new RespondToAuthChallengeCommand({ ClientId: clientId, ChallengeName: 'CUSTOM_CHALLENGE', Session: step.Session, ChallengeResponses: { USERNAME: 'cy', ANSWER: '424242' } }),
    );
    assert.ok(done.AuthenticationResult?.AccessToken);
    assert.equal(events(poolId, 'cy', 'DefineAuthChallenge')[0].request.userNotFound, false);
  });

  it('CUSTOM_AUTH without the setting: an unknown name is UserNotFoundException and no function runs', async () => {
    const poolId = await createPool(s, { LambdaConfig: { DefineAuthChallenge: arn('define'), CreateAuthChallenge: arn('create'), VerifyAuthChallengeResponse: arn('verify') } });
    const { clientId } = await createClient(s, poolId, { PreventUserExistenceErrors: 'LEGACY', ExplicitAuthFlows: ['ALLOW_CUSTOM_AUTH'] });
    await rejectsWith(s.client.send(new InitiateAuthCommand({ ClientId: clientId, AuthFlow: 'CUSTOM_AUTH', AuthParameters: { USERNAME: 'ghost' } })), 'UserNotFoundException', 'User does not exist.');
    assert.equal(events(poolId, 'ghost', 'DefineAuthChallenge').length, 0);
  });
});
