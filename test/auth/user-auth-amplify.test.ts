import { after, afterEach, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Amplify } from 'aws-amplify';
import { confirmSignIn, fetchAuthSession, signIn, signOut } from 'aws-amplify/auth';
import { decodeJwt } from '../../src/domain/tokens/jwt.js';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { addUser, createClient, lastCode, mfaPool, PASSWORD } from '../mfa/helpers.js';

/**
 * Amplify JS v6 (aws-amplify/auth) headless in Node against cognate: choice-based sign-in (authFlowType USER_AUTH)
 * with an email code read from the outbox, the SELECT_CHALLENGE step, and its token refresh (GetTokensFromRefreshToken)
 * on a client with refresh-token rotation.
 */
describe('Amplify JS v6: USER_AUTH and refresh-token rotation', () => {
  let s: TestServer;
  let poolId: string;
  before(async () => {
    s = await startTestServer();
    ({ poolId } = await mfaPool(s, { MfaConfiguration: 'OFF' }, { Policies: { SignInPolicy: { AllowedFirstAuthFactors: ['PASSWORD', 'EMAIL_OTP'] } } }));
  });
  after(async () => s.stop());
  afterEach(async () => {
    await signOut().catch(() => undefined);
  });

  async function configuredClient(extra: Parameters<typeof createClient>[2] = {}): Promise<string> {
    const { clientId } = await createClient(s, poolId, { ExplicitAuthFlows: ['ALLOW_USER_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'], ...extra });
    Amplify.configure({ Auth: { Cognito: { userPoolId: poolId, userPoolClientId: clientId, userPoolEndpoint: s.url } } });
    return clientId;
  }
  const verified = (name: string) => ({ attributes: { email: `${name}@example.com`, email_verified: 'true' } });

  it('signIn USER_AUTH with preferredChallenge EMAIL_OTP → CONFIRM_SIGN_IN_WITH_EMAIL_CODE → confirmSignIn with the outbox code', async () => {
    await configuredClient();
    await addUser(s, poolId, 'amp1', PASSWORD, verified('amp1'));
    const first = await signIn({ username: 'amp1', options: { authFlowType: 'USER_AUTH', preferredChallenge: 'EMAIL_OTP' } });
    assert.equal(first.isSignedIn, false);
    assert.equal(first.nextStep.signInStep, 'CONFIRM_SIGN_IN_WITH_EMAIL_CODE');
    assert.equal((first.nextStep as { codeDeliveryDetails: { deliveryMedium: string } }).codeDeliveryDetails.deliveryMedium, 'EMAIL');
    const done = await confirmSignIn({ challengeResponse: (await lastCode(s, poolId, 'amp1', 'EMAIL')).code });
    assert.equal(done.isSignedIn, true);
    assert.equal(done.nextStep.signInStep, 'DONE');
    const { tokens } = await fetchAuthSession();
    assert.equal(tokens!.accessToken.payload.username, 'amp1');
  });

  it('signIn USER_AUTH without a preference → CONTINUE_SIGN_IN_WITH_FIRST_FACTOR_SELECTION → confirmSignIn("EMAIL_OTP") → the code', async () => {
    await configuredClient();
    await addUser(s, poolId, 'amp2', PASSWORD, verified('amp2'));
    const first = await signIn({ username: 'amp2', options: { authFlowType: 'USER_AUTH' } });
    assert.equal(first.nextStep.signInStep, 'CONTINUE_SIGN_IN_WITH_FIRST_FACTOR_SELECTION');
    assert.deepEqual((first.nextStep as { availableChallenges?: string[] }).availableChallenges, ['PASSWORD', 'PASSWORD_SRP', 'EMAIL_OTP']);
    const chosen = await confirmSignIn({ challengeResponse: 'EMAIL_OTP' });
    assert.equal(chosen.nextStep.signInStep, 'CONFIRM_SIGN_IN_WITH_EMAIL_CODE');
    const done = await confirmSignIn({ challengeResponse: (await lastCode(s, poolId, 'amp2', 'EMAIL')).code });
    assert.equal(done.isSignedIn, true);
  });

  it('a client with rotation (no grace period) keeps the session across refreshes: Amplify stores each rotated refresh token', async () => {
    const clientId = await configuredClient({
      ExplicitAuthFlows: ['ALLOW_USER_AUTH'],
      RefreshTokenRotation: { Feature: 'ENABLED', RetryGracePeriodSeconds: 0 },
      AccessTokenValidity: 5,
      IdTokenValidity: 5,
      TokenValidityUnits: { AccessToken: 'minutes', IdToken: 'minutes' },
    });
    await addUser(s, poolId, 'amp3', PASSWORD, verified('amp3'));
    const first = await signIn({ username: 'amp3', options: { authFlowType: 'USER_AUTH', preferredChallenge: 'EMAIL_OTP' } });
    assert.equal(first.nextStep.signInStep, 'CONFIRM_SIGN_IN_WITH_EMAIL_CODE');
    assert.equal((await confirmSignIn({ challengeResponse: (await lastCode(s, poolId, 'amp3', 'EMAIL')).code })).isSignedIn, true);
    const originJti = String(decodeJwt((await fetchAuthSession()).tokens!.accessToken.toString()).payload.origin_jti);
    const hashes = [(await s.store.tokens.getFamily(originJti))!.refreshHash];
    for (let i = 0; i < 3; i++) {
      // Without a grace period a refresh with a stale refresh token would be a reuse and end the session.
      const { tokens } = await fetchAuthSession({ forceRefresh: true });
      assert.equal(tokens!.accessToken.payload.origin_jti, originJti);
      assert.equal(tokens!.accessToken.payload.client_id, clientId);
      hashes.push((await s.store.tokens.getFamily(originJti))!.refreshHash);
    }
    assert.equal(new Set(hashes).size, 4, 'every refresh rotated the refresh token');
    assert.equal((await s.store.tokens.getFamily(originJti))!.revokedAt, undefined);
  });
});
