import { after, afterEach, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { AuthenticationDetails, CognitoUser, CognitoUserPool, type CognitoUserSession } from 'amazon-cognito-identity-js';
import { Amplify } from 'aws-amplify';
import { confirmSignIn, signIn, signOut } from 'aws-amplify/auth';
import { InitiateAuthCommand, RespondToAuthChallengeCommand } from '@aws-sdk/client-cognito-identity-provider';
import { rejectsWith, type TestServer } from '../helpers/server.js';
import { addUser, createClient, createPool, memoryStorage, PASSWORD, verifierFor } from '../helpers/fixtures.js';
import { arn, HandlerFolder, startTriggerServer } from './helpers.js';

/**
 * Issue 18: CUSTOM_AUTH end to end. The developer guide's define / create / verify examples (SRP, then a CAPTCHA, then a
 * security question) run unchanged behind amazon-cognito-identity-js's and Amplify v6's SRP custom flows; a one-time
 * code flow without SRP behind their plain custom flows; the state machine's failures through the SDK.
 * https://docs.aws.amazon.com/cognito/latest/developerguide/user-pool-lambda-challenge.html
 */
const GUIDE_DEFINE = `const handler = async (event) => {
  if (
    event.request.session.length === 1 &&
    event.request.session[0].challengeName === "SRP_A"
  ) {
    event.response.issueTokens = false;
    event.response.failAuthentication = false;
    event.response.challengeName = "PASSWORD_VERIFIER";
  } else if (
    event.request.session.length === 2 &&
    event.request.session[1].challengeName === "PASSWORD_VERIFIER" &&
    event.request.session[1].challengeResult === true
  ) {
    event.response.issueTokens = false;
    event.response.failAuthentication = false;
    event.response.challengeName = "CUSTOM_CHALLENGE";
  } else if (
    event.request.session.length === 3 &&
    event.request.session[2].challengeName === "CUSTOM_CHALLENGE" &&
    event.request.session[2].challengeResult === true
  ) {
    event.response.issueTokens = false;
    event.response.failAuthentication = false;
    event.response.challengeName = "CUSTOM_CHALLENGE";
  } else if (
    event.request.session.length === 4 &&
    event.request.session[3].challengeName === "CUSTOM_CHALLENGE" &&
    event.request.session[3].challengeResult === true
  ) {
    event.response.issueTokens = true;
    event.response.failAuthentication = false;
  } else {
    event.response.issueTokens = false;
    event.response.failAuthentication = true;
  }

  return event;
};

export { handler };
`;

const GUIDE_CREATE = `const handler = async (event) => {
  if (event.request.challengeName !== "CUSTOM_CHALLENGE") {
    return event;
  }

  if (event.request.session.length === 2) {
    event.response.publicChallengeParameters = {};
    event.response.privateChallengeParameters = {};
    event.response.publicChallengeParameters.captchaUrl = "url/123.jpg";
    event.response.privateChallengeParameters.answer = "5";
  }

  if (event.request.session.length === 3) {
    event.response.publicChallengeParameters = {};
    event.response.privateChallengeParameters = {};
    event.response.publicChallengeParameters.securityQuestion =
      "Who is your favorite team mascot?";
    event.response.privateChallengeParameters.answer = "Peccy";
  }

  return event;
};

export { handler };
`;

const GUIDE_VERIFY = `const handler = async (event) => {
  if (
    event.request.privateChallengeParameters.answer ===
    event.request.challengeAnswer
  ) {
    event.response.answerCorrect = true;
  } else {
    event.response.answerCorrect = false;
  }

  return event;
};

export { handler };
`;

// A one-time code without SRP: three tries, then the sign-in fails. (The code comes from the create function; a real
// one would send it by email or SMS.)
const OTP_DEFINE = `export const handler = async (event) => {
  const session = event.request.session;
  const last = session[session.length - 1];
  if (last && last.challengeResult === true) {
    event.response.issueTokens = true;
    event.response.failAuthentication = false;
  } else if (session.length >= 3) {
    event.response.issueTokens = false;
    event.response.failAuthentication = true;
  } else {
    event.response.issueTokens = false;
    event.response.failAuthentication = false;
    event.response.challengeName = "CUSTOM_CHALLENGE";
  }
  return event;
};
`;
const OTP_CREATE = `export const handler = async (event) => {
  event.response.publicChallengeParameters = { delivery: "email", attempt: String(event.request.session.length + 1) };
  event.response.privateChallengeParameters = { answer: "424242" };
  event.response.challengeMetadata = "CODE-" + (event.request.session.length + 1);
  return event;
};
`;

describe('CUSTOM_AUTH', () => {
  let s: TestServer;
  let handlers: HandlerFolder;
  let guidePool: string;
  let guideClient: string;
  let otpPool: string;
  let otpClient: string;
  before(async () => {
    handlers = new HandlerFolder();
    s = await startTriggerServer({
      'guide-define': { module: handlers.write('define.mjs', GUIDE_DEFINE) },
      'guide-create': { module: handlers.write('create.mjs', GUIDE_CREATE) },
      'guide-verify': { module: handlers.write('verify.mjs', GUIDE_VERIFY) },
      'otp-define': { module: handlers.write('otp-define.mjs', OTP_DEFINE) },
      'otp-create': { module: handlers.write('otp-create.mjs', OTP_CREATE) },
    });
    guidePool = await createPool(s, {
      LambdaConfig: { DefineAuthChallenge: arn('guide-define'), CreateAuthChallenge: arn('guide-create'), VerifyAuthChallengeResponse: arn('guide-verify') },
    });
    guideClient = (await createClient(s, guidePool, { ExplicitAuthFlows: ['ALLOW_CUSTOM_AUTH', 'ALLOW_USER_SRP_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'] })).clientId;
    otpPool = await createPool(s, {
      LambdaConfig: { DefineAuthChallenge: arn('otp-define'), CreateAuthChallenge: arn('otp-create'), VerifyAuthChallengeResponse: arn('guide-verify') },
    });
    otpClient = (await createClient(s, otpPool, { ExplicitAuthFlows: ['ALLOW_CUSTOM_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'] })).clientId;
    for (const name of ['ann', 'bob', 'cy', 'dee']) {
      await addUser(s, guidePool, name);
      await addUser(s, otpPool, name);
    }
  });
  after(async () => {
    await s.stop();
    handlers.remove();
  });
  afterEach(async () => {
    await signOut().catch(() => undefined);
  });

  function acijUser(poolId: string, clientId: string, username: string): CognitoUser {
    const Storage = memoryStorage();
    const user = new CognitoUser({ Username: username, Pool: new CognitoUserPool({ UserPoolId: poolId, ClientId: clientId, endpoint: s.url, Storage }), Storage });
    user.setAuthenticationFlowType('CUSTOM_AUTH');
    return user;
  }

  /** Runs a custom sign-in with amazon-cognito-identity-js, answering each challenge from `answers` by its parameters. */
  function acijSignIn(user: CognitoUser, start: 'authenticateUser' | 'initiateAuth', password: string | undefined, answer: (params: Record<string, string>) => string) {
    const seen: Array<Record<string, string>> = [];
    return new Promise<{ session: CognitoUserSession; seen: typeof seen }>((resolve, reject) => {
      const callbacks = {
        onSuccess: (session: CognitoUserSession) => resolve({ session, seen }),
        onFailure: reject,
        customChallenge(params: Record<string, string>) {
          seen.push(params);
          user.sendCustomChallengeAnswer(answer(params), callbacks);
        },
      };
      const details = new AuthenticationDetails({ Username: user.getUsername(), ...(password ? { Password: password } : {}) });
      if (start === 'authenticateUser') user.authenticateUser(details, callbacks);
      else user.initiateAuth(details, callbacks);
    });
  }

  const guideAnswer = (p: Record<string, string>) => (p.captchaUrl ? '5' : p.securityQuestion ? 'Peccy' : 'none');

  it('amazon-cognito-identity-js with SRP (developer guide define/create/verify): PASSWORD_VERIFIER, CAPTCHA, security question, tokens', async () => {
    const { session, seen } = await acijSignIn(acijUser(guidePool, guideClient, 'ann'), 'authenticateUser', PASSWORD, guideAnswer);
    assert.deepEqual(seen, [
      { captchaUrl: 'url/123.jpg', USERNAME: 'ann' },
      { securityQuestion: 'Who is your favorite team mascot?', USERNAME: 'ann' },
    ]);
    const access = await verifierFor(s, guidePool, 'access', guideClient).verify(session.getAccessToken().getJwtToken());
    assert.equal(access.username, 'ann');
  });

  it('amazon-cognito-identity-js with SRP: a wrong password ends the flow before any custom challenge', async () => {
    await assert.rejects(acijSignIn(acijUser(guidePool, guideClient, 'ann'), 'authenticateUser', 'Wr0ng-Password!', guideAnswer), (e: any) => {
      assert.equal(e.code ?? e.name, 'NotAuthorizedException');
      assert.equal(e.message, 'Incorrect username or password.');
      return true;
    });
  });

  it('amazon-cognito-identity-js without SRP (one-time code): a wrong answer is retried with a new challenge, the right one signs in', async () => {
    let tries = 0;
    const { session, seen } = await acijSignIn(acijUser(otpPool, otpClient, 'bob'), 'initiateAuth', undefined, () => (++tries === 1 ? '000000' : '424242'));
    assert.deepEqual(seen.map((p) => p.attempt), ['1', '2']);
    assert.equal(seen[0]!.delivery, 'email');
    assert.ok(session.getIdToken().getJwtToken());
  });

  it('Amplify v6 CUSTOM_WITHOUT_SRP: signIn → CONFIRM_SIGN_IN_WITH_CUSTOM_CHALLENGE → confirmSignIn with the code', async () => {
    Amplify.configure({ Auth: { Cognito: { userPoolId: otpPool, userPoolClientId: otpClient, userPoolEndpoint: s.url } } });
    const first = await signIn({ username: 'cy', options: { authFlowType: 'CUSTOM_WITHOUT_SRP' } });
    assert.equal(first.nextStep.signInStep, 'CONFIRM_SIGN_IN_WITH_CUSTOM_CHALLENGE');
    assert.equal((first.nextStep as { additionalInfo?: Record<string, string> }).additionalInfo?.delivery, 'email');
    const done = await confirmSignIn({ challengeResponse: '424242' });
    assert.equal(done.isSignedIn, true);
  });

  it('Amplify v6 CUSTOM_WITH_SRP (developer guide triggers): password, then both custom challenges through confirmSignIn', async () => {
    Amplify.configure({ Auth: { Cognito: { userPoolId: guidePool, userPoolClientId: guideClient, userPoolEndpoint: s.url } } });
    const first = await signIn({ username: 'dee', password: PASSWORD, options: { authFlowType: 'CUSTOM_WITH_SRP' } });
    assert.equal(first.nextStep.signInStep, 'CONFIRM_SIGN_IN_WITH_CUSTOM_CHALLENGE');
    const second = await confirmSignIn({ challengeResponse: '5' });
    assert.equal(second.nextStep.signInStep, 'CONFIRM_SIGN_IN_WITH_CUSTOM_CHALLENGE');
    const done = await confirmSignIn({ challengeResponse: 'Peccy' });
    assert.equal(done.isSignedIn, true);
  });

  it('the state machine through the SDK: failAuthentication after three wrong codes; each session answers once and lives 3 minutes', async () => {
    const start = () => s.client.send(new InitiateAuthCommand({ ClientId: otpClient, AuthFlow: 'CUSTOM_AUTH', AuthParameters: { USERNAME: 'bob' } }));
    const answer = (session: string, code: string) =>
      s.client.send(new RespondToAuthChallengeCommand({ ClientId: otpClient, ChallengeName: 'CUSTOM_CHALLENGE', Session: session, ChallengeResponses: { USERNAME: 'bob', ANSWER: code } }));
    let step = await start();
    assert.equal(step.ChallengeName, 'CUSTOM_CHALLENGE');
    const firstSession = step.Session!;
    step = await answer(firstSession, '1');
    await rejectsWith(answer(firstSession, '424242'), 'NotAuthorizedException', 'Invalid session for the user, session can only be used once.');
    step = await answer(step.Session!, '2');
    await rejectsWith(answer(step.Session!, '3'), 'NotAuthorizedException', 'Incorrect username or password.');

    const fresh = await start();
    s.clock.advance(3 * 60_000);
    await rejectsWith(answer(fresh.Session!, '424242'), 'NotAuthorizedException', 'Invalid session for the user, session is expired.');
  });

  it('refusals: a client without ALLOW_CUSTOM_AUTH, a pool without the define trigger, an unknown user', async () => {
    const srpOnly = (await createClient(s, otpPool, { ExplicitAuthFlows: ['ALLOW_USER_SRP_AUTH'] })).clientId;
    await rejectsWith(
      s.client.send(new InitiateAuthCommand({ ClientId: srpOnly, AuthFlow: 'CUSTOM_AUTH', AuthParameters: { USERNAME: 'bob' } })),
      'InvalidParameterException',
      'CUSTOM_AUTH is not enabled for the client.',
    );
    const bare = await createPool(s);
    const bareClient = (await createClient(s, bare, { ExplicitAuthFlows: ['ALLOW_CUSTOM_AUTH'] })).clientId;
    await rejectsWith(
      s.client.send(new InitiateAuthCommand({ ClientId: bareClient, AuthFlow: 'CUSTOM_AUTH', AuthParameters: { USERNAME: 'bob' } })),
      'InvalidParameterException',
      'Custom auth lambda trigger is not configured for the user pool.',
    );
    await rejectsWith(
      s.client.send(new InitiateAuthCommand({ ClientId: otpClient, AuthFlow: 'CUSTOM_AUTH', AuthParameters: { USERNAME: 'nobody' } })),
      'UserNotFoundException',
      'User does not exist.',
    );
  });
});
