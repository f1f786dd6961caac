import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { GetUserCommand, GlobalSignOutCommand } from '@aws-sdk/client-cognito-identity-provider';
import { rejectsWith, startTestServer, type TestServer } from '../helpers/server.js';
import { ManualClock } from '../../src/platform/clock.js';
import { createClient, createConfirmedUser, createPool, tokensFor } from '../helpers/fixtures.js';

/**
 * Attack (on availability, and a trap for the fix): tokens of clients without token revocation carry no
 * origin_jti; GlobalSignOut revokes them through their `iat`, which counts whole seconds. A token issued after the
 * sign-out but in the same second was born revoked (`iat*1000 <= signedOutAt`) — and the naive fix (compare
 * `iat < second`) would let a token issued just before the sign-out, in that second, live on. Both must hold:
 * issued before → refused, issued after → works.
 */
describe('GlobalSignOut and tokens issued in the same second (client without token revocation)', () => {
  let s: TestServer;
  let poolId: string;
  let clientId: string;
  before(async () => {
    s = await startTestServer({ clock: new ManualClock(Date.UTC(2026, 5, 1, 12, 0, 0, 100)) });
    poolId = await createPool(s);
    ({ clientId } = await createClient(s, poolId, { EnableTokenRevocation: false }));
    await createConfirmedUser(s, poolId, 'alice');
  });
  after(async () => s.stop());

  it('born revoked: a token issued after GlobalSignOut in the same second works; those issued before it are refused', async () => {
    const earlier = await tokensFor(s, clientId, 'alice'); // second N - 1
    s.clock.advance(1000);
    const before = await tokensFor(s, clientId, 'alice'); // second N, .100
    s.clock.advance(100);
    await s.client.send(new GlobalSignOutCommand({ AccessToken: before.AccessToken })); // second N, .200
    s.clock.advance(100);
    const after = await tokensFor(s, clientId, 'alice'); // second N, .300

    const user = await s.client.send(new GetUserCommand({ AccessToken: after.AccessToken }));
    assert.equal(user.Username, 'alice');
    for (const t of [earlier, before]) await rejectsWith(s.client.send(new GetUserCommand({ AccessToken: t.AccessToken })), 'NotAuthorizedException', 'Access Token has been revoked');

    // Its iat is the next second: less than a second ahead of the clock.
    const payload = JSON.parse(Buffer.from(after.AccessToken.split('.')[1]!, 'base64url').toString('utf8')) as { iat: number };
    assert.equal(payload.iat, Math.floor(s.clock.now() / 1000) + 1);

    s.clock.advance(2000);
    const later = await tokensFor(s, clientId, 'alice');
    assert.equal((await s.client.send(new GetUserCommand({ AccessToken: later.AccessToken }))).Username, 'alice');
  });
});
