import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { CreateUserPoolCommand, DeleteUserPoolCommand } from '@aws-sdk/client-cognito-identity-provider';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { testSigningKey } from '../helpers/signing-keys.js';
import { createClient, createConfirmedUser, tokensFor } from '../helpers/fixtures.js';

/**
 * A new pool's signing keys are generated when the pool is created, in the background (domain/tokens/keys.ts
 * prepare), not by its first sign-in: with real RSA generation that sign-in waited ~0.5 s. Concurrent first uses share
 * one generation per key.
 */
describe('pool signing keys', () => {
  let s: TestServer;
  let generated = 0;
  let release: (() => void) | undefined;
  let gate: Promise<void> = Promise.resolve();

  before(async () => {
    s = await startTestServer({
      newSigningKey: async () => {
        generated++;
        await gate;
        return testSigningKey();
      },
    });
  });
  after(async () => {
    await s.stop();
  });

  const settle = async (poolId: string, want: number) => {
    for (let i = 0; i < 200 && (await s.store.signingKeys.list(poolId)).length !== want; i++) await new Promise((r) => setTimeout(r, 5));
    return s.store.signingKeys.list(poolId);
  };

  it('CreateUserPool starts generating both keys; the first sign-in finds them', async () => {
    generated = 0;
    const { UserPool } = await s.client.send(new CreateUserPoolCommand({ PoolName: 'keys' }));
    const keys = await settle(UserPool!.Id!, 2);
    assert.deepEqual(keys.map((k) => k.use).sort(), ['access', 'id']);
    assert.equal(generated, 2);
    const { clientId } = await createClient(s, UserPool!.Id!);
    await createConfirmedUser(s, UserPool!.Id!, 'ann');
    await tokensFor(s, clientId, 'ann');
    assert.equal(generated, 2, 'the sign-in generated nothing');
  });

  it('sign-ins that arrive while the keys are being generated wait for that generation: two keys in all', async () => {
    generated = 0;
    gate = new Promise((r) => (release = r));
    const { UserPool } = await s.client.send(new CreateUserPoolCommand({ PoolName: 'keys-busy' }));
    const poolId = UserPool!.Id!;
    const { clientId } = await createClient(s, poolId);
    for (const u of ['a', 'b', 'c', 'd']) await createConfirmedUser(s, poolId, u);
    const signIns = Promise.all(['a', 'b', 'c', 'd'].map((u) => tokensFor(s, clientId, u)));
    await new Promise((r) => setTimeout(r, 50));
    release!();
    gate = Promise.resolve();
    const results = await signIns;
    assert.equal(generated, 2);
    const kids = new Set(results.map((r) => JSON.parse(Buffer.from(r.AccessToken.split('.')[0]!, 'base64url').toString()).kid));
    assert.equal(kids.size, 1, 'every access token is signed with the one access key');
    assert.equal((await s.store.signingKeys.list(poolId)).length, 2);
  });

  it('a pool deleted while its keys are generated is left without key rows', async () => {
    gate = new Promise((r) => (release = r));
    const { UserPool } = await s.client.send(new CreateUserPoolCommand({ PoolName: 'keys-gone' }));
    await s.client.send(new DeleteUserPoolCommand({ UserPoolId: UserPool!.Id! }));
    release!();
    gate = Promise.resolve();
    // prepare joins the generation CreateUserPool started (one per key), so this waits for it to end.
    await assert.rejects(s.keys.prepare(UserPool!.Id!), /no longer exists/);
    assert.deepEqual(await s.store.signingKeys.list(UserPool!.Id!), []);
  });
});
