import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { AdminCreateUserCommand, AdminGetUserCommand, AdminSetUserPasswordCommand, GetUserCommand, InitiateAuthCommand } from '@aws-sdk/client-cognito-identity-provider';
import { rejectsWith, startTestServer, type TestServer } from '../helpers/server.js';
import { createClient, createConfirmedUser, createPool, PASSWORD } from '../helpers/fixtures.js';

/**
 * Attacks on user names written in Unicode (docs/compatibility.md, Users: "Unicode in user names and aliases").
 * - Look-alike accounts: `José` typed on two keyboards is two strings, precomposed é (NFC) or e + U+0301 (NFD); they
 *   were two users that look identical in every list and e-mail. Canonically equivalent names must be one user.
 * - Folding onto another account: the Kelvin sign U+212A lower-cases to an ASCII k, so `\u212Aim` signed in as `kim`
 *   in a case-insensitive pool (and as kim@… through the e-mail alias in any pool). A character with a compatibility
 *   or singleton mapping must never be folded onto an ordinary letter.
 * Users stored by earlier versions under their old keys must still be found, and the old keys must not become a way
 * round the rule.
 */
const NFC = 'Jos\u00e9';
const NFD = 'Jose\u0301';
const KELVIN_KIM = '\u212Aim';
const caseInsensitive = { UsernameConfiguration: { CaseSensitive: false } };

describe('Unicode user names', () => {
  let s: TestServer;
  before(async () => {
    s = await startTestServer();
  });
  after(async () => s.stop());

  for (const [label, extra] of [
    ['case-sensitive', { UsernameConfiguration: { CaseSensitive: true } }],
    ['case-insensitive', caseInsensitive],
  ] as const) {
    it(`look-alike users (${label} pool): José in NFC and in NFD are one user, stored in NFC`, async () => {
      const poolId = await createPool(s, extra);
      await s.client.send(new AdminCreateUserCommand({ UserPoolId: poolId, Username: NFD, MessageAction: 'SUPPRESS' }));
      await rejectsWith(s.client.send(new AdminCreateUserCommand({ UserPoolId: poolId, Username: NFC, MessageAction: 'SUPPRESS' })), 'UsernameExistsException');
      assert.equal((await s.client.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: NFC }))).Username, NFC);
      assert.equal((await s.client.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: NFD }))).Username, NFC);
    });
  }

  it('look-alike users: sign-in with the other normalisation form reaches the same user', async () => {
    const poolId = await createPool(s, caseInsensitive);
    const { clientId } = await createClient(s, poolId);
    await createConfirmedUser(s, poolId, NFC);
    const r = await s.client.send(new InitiateAuthCommand({ ClientId: clientId, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: NFD.toUpperCase(), PASSWORD } }));
    assert.ok(r.AuthenticationResult?.AccessToken);
  });

  it('folding onto another account: the Kelvin sign does not sign in as kim in a case-insensitive pool', async () => {
    const poolId = await createPool(s, caseInsensitive);
    const { clientId } = await createClient(s, poolId);
    await createConfirmedUser(s, poolId, 'kim');
    await rejectsWith(
      s.client.send(new InitiateAuthCommand({ ClientId: clientId, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: KELVIN_KIM, PASSWORD } })),
      'UserNotFoundException',
    );
    await rejectsWith(s.client.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: KELVIN_KIM })), 'UserNotFoundException');
    // Ordinary case-insensitivity is untouched.
    const r = await s.client.send(new InitiateAuthCommand({ ClientId: clientId, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: 'KIM', PASSWORD } }));
    assert.ok(r.AuthenticationResult?.AccessToken);
  });

  it('folding onto another account: the Kelvin sign is not kim@ through the e-mail alias', async () => {
    const poolId = await createPool(s, { UsernameAttributes: ['email'] });
    const { clientId } = await createClient(s, poolId);
    await createConfirmedUser(s, poolId, 'kim@example.com', { email: 'kim@example.com', email_verified: 'true' });
    await rejectsWith(
      s.client.send(new InitiateAuthCommand({ ClientId: clientId, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: `${KELVIN_KIM}@example.com`, PASSWORD } })),
      'UserNotFoundException',
    );
    const r = await s.client.send(new InitiateAuthCommand({ ClientId: clientId, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: 'Kim@Example.com', PASSWORD } }));
    assert.ok(r.AuthenticationResult?.AccessToken);
  });

  it('folding onto another account: a name with the Kelvin sign is its own user, stored as typed', async () => {
    const poolId = await createPool(s, caseInsensitive);
    await s.client.send(new AdminCreateUserCommand({ UserPoolId: poolId, Username: 'kim', MessageAction: 'SUPPRESS' }));
    await s.client.send(new AdminCreateUserCommand({ UserPoolId: poolId, Username: KELVIN_KIM, MessageAction: 'SUPPRESS' }));
    assert.equal((await s.client.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: KELVIN_KIM }))).Username, KELVIN_KIM);
    assert.equal((await s.client.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: 'KIM' }))).Username, 'kim');
    // Case still folds among such characters: fullwidth ＫＩＭ is fullwidth ｋｉｍ, and neither is kim.
    await s.client.send(new AdminCreateUserCommand({ UserPoolId: poolId, Username: '\uff4b\uff49\uff4d', MessageAction: 'SUPPRESS' }));
    assert.equal((await s.client.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: '\uff2b\uff29\uff2d' }))).Username, '\uff4b\uff49\uff4d');
  });

  it('existing data: users stored under the keys of earlier versions are found by their names; old keys fold nothing', async () => {
    const poolId = await createPool(s, caseInsensitive);
    await s.client.send(new AdminCreateUserCommand({ UserPoolId: poolId, Username: 'template', MessageAction: 'SUPPRESS' }));
    const template = (await s.store.users.get(poolId, 'template'))!;
    // Earlier versions keyed a name by String.prototype.toLowerCase alone (no normalisation).
    const legacy = (username: string, sub: string) => ({ ...template, username, usernameKey: username.toLowerCase(), sub, attributes: { ...template.attributes, sub } });
    const nfd = legacy(NFD, '11111111-2222-4333-8444-555555555555');
    await s.store.users.create(nfd, [{ kind: 'sub', valueKey: nfd.sub }]);
    const kelvin = legacy(KELVIN_KIM, '11111111-2222-4333-8444-666666666666');
    await s.store.users.create(kelvin, [{ kind: 'sub', valueKey: kelvin.sub }]);
    assert.equal((await s.client.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: NFD }))).Username, NFD);
    assert.equal((await s.client.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: KELVIN_KIM }))).Username, KELVIN_KIM);
    // Its tokens work too (the access token names the user as stored).
    const { clientId } = await createClient(s, poolId);
    await s.client.send(new AdminSetUserPasswordCommand({ UserPoolId: poolId, Username: NFD, Password: PASSWORD, Permanent: true }));
    const signIn = await s.client.send(new InitiateAuthCommand({ ClientId: clientId, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: NFD, PASSWORD } }));
    const me = await s.client.send(new GetUserCommand({ AccessToken: signIn.AuthenticationResult!.AccessToken! }));
    assert.equal(me.Username, NFD);
    assert.equal((await s.client.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: '\u212AIM' }))).Username, KELVIN_KIM);
    // The Kelvin user's old key is what `kim` is keyed by now: that old entry answers only to its own name.
    await rejectsWith(s.client.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: 'kim' })), 'UserNotFoundException');
  });
});
