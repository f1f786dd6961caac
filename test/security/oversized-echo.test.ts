import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { DescribeUserPoolCommand, InitiateAuthCommand } from '@aws-sdk/client-cognito-identity-provider';
import { rawCall, rejectsWith, startTestServer, type TestServer } from '../helpers/server.js';

/**
 * Attack: a 200 KB value that fails validation came back twice — in the body and in the x-amzn-ErrorMessage
 * header — so the SDK failed with a header overflow instead of the error, and a PASSWORD inside AuthParameters
 * (a sensitive map) was echoed in clear into responses and whatever logs them.
 */
describe('oversized and sensitive values in validation errors', () => {
  let s: TestServer;
  before(async () => {
    s = await startTestServer();
  });
  after(async () => s.stop());

  it('oversized echo: a 200 KB PASSWORD gives InvalidParameterException through SDK v3 and is never echoed', async () => {
    const password = 'Secret-' + 'p'.repeat(200_000);
    const err = await rejectsWith(
      s.client.send(new InitiateAuthCommand({ ClientId: 'someclientid', AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: 'alice', PASSWORD: password } })),
      'InvalidParameterException',
      "1 validation error detected: Value at 'authParameters' failed to satisfy constraint: Member must have length less than or equal to 131072",
    );
    assert.ok(!err.message.includes('Secret-'));
  });

  it('oversized echo: a 200 KB user pool id gives InvalidParameterException through SDK v3 with the value cut to 256 characters', async () => {
    await rejectsWith(
      s.client.send(new DescribeUserPoolCommand({ UserPoolId: 'x'.repeat(200_000) })),
      'InvalidParameterException',
      `1 validation error detected: Value '${'x'.repeat(256)}...' at 'userPoolId' failed to satisfy constraint: Member must have length less than or equal to 55`,
    );
  });

  it('oversized echo: many long violations keep the x-amzn-ErrorMessage header small', async () => {
    const attrs = Array.from({ length: 7 }, (_, i) => ({ Name: `n${i}`, Value: 'v' }));
    const r = await rawCall(
      s.url,
      'SignUp',
      JSON.stringify({ ClientId: 'c', Username: 'u', Password: 'p', ClientMetadata: Object.fromEntries(attrs.map((a) => [a.Name, 'm'.repeat(140_000)])) }),
    );
    assert.equal(r.status, 400);
    assert.equal(r.json.__type, 'InvalidParameterException');
    assert.ok((r.headers.get('x-amzn-errormessage') ?? '').length <= 1024, 'header bounded');
    assert.ok(r.text.length < 64 * 1024, `body bounded (${r.text.length})`);
  });
});
