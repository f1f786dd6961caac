import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Deps } from '../deps.js';
import type { PoolRecord, UserRecord } from '../../store/types.js';
import { CognitoError } from '../errors.js';
import type { FunctionOutcome } from './port.js';
import { federatedSignUpError, preSignUpExternalProvider } from './sign-up.js';

/**
 * PreSignUp_ExternalProvider, prepared for the federation code (issue 19): the event a federated user's first sign-in
 * sends, what the answer does to the user about to be written, and the OAuth error a refusal becomes.
 */
const ARN = 'arn:aws:lambda:us-east-1:000000000000:function:pre';
const pool = { id: 'us-east-1_Fed', config: { LambdaConfig: { PreSignUp: ARN } } } as unknown as PoolRecord;
const googleUser = {
  poolId: pool.id,
  username: 'Google_1234567890',
  usernameKey: 'google_1234567890',
  sub: 'c0ffee00-0000-4000-8000-000000000001',
  status: 'EXTERNAL_PROVIDER',
  enabled: true,
  createdAt: 0,
  updatedAt: 0,
  version: 0,
  attributes: { sub: 'c0ffee00-0000-4000-8000-000000000001', email: 'ann@example.com' },
  data: {},
} as unknown as UserRecord;

function depsAnswering(answer: (event: any) => FunctionOutcome): { deps: Deps; events: any[] } {
  const events: any[] = [];
  const deps = {
    region: 'us-east-1',
    functions: {
      async invoke(arn: string, event: object) {
        assert.equal(arn, ARN);
        events.push(event);
        return { outcome: answer(event), durationMs: 1 };
      },
    },
  } as unknown as Deps;
  return { deps, events };
}

describe('PreSignUp_ExternalProvider', () => {
  it('sends Cognito\'s event for the federated user and applies autoVerifyEmail to the user about to be written', async () => {
    const { deps, events } = depsAnswering((e) => ({ kind: 'answer', payload: { ...e, response: { autoConfirmUser: true, autoVerifyEmail: true } } }));
    const user = await preSignUpExternalProvider(deps, pool, googleUser, { clientId: 'client1', clientMetadata: { from: 'hosted-ui' } });
    assert.equal(user.attributes.email_verified, 'true');
    // A federated user stays EXTERNAL_PROVIDER whatever autoConfirmUser says.
    assert.equal(user.status, 'EXTERNAL_PROVIDER');
    const [event] = events;
    assert.equal(event.triggerSource, 'PreSignUp_ExternalProvider');
    assert.equal(event.userName, 'Google_1234567890');
    assert.equal(event.callerContext.clientId, 'client1');
    assert.deepEqual(event.request, { userAttributes: { email: 'ann@example.com' }, validationData: null, clientMetadata: { from: 'hosted-ui' } });
  });

  it('a function that refuses: UserLambdaValidationException, and the redirect\'s OAuth error carries its message', async () => {
    const { deps } = depsAnswering(() => ({ kind: 'function-error', errorType: 'Error', errorMessage: 'Domain not allowed' }));
    const refused = await preSignUpExternalProvider(deps, pool, googleUser, { clientId: 'client1' }).then(
      () => assert.fail('expected a refusal'),
      (e: unknown) => e,
    );
    assert.ok(refused instanceof CognitoError);
    assert.equal(refused.type, 'UserLambdaValidationException');
    assert.equal(refused.message, 'PreSignUp failed with error Domain not allowed.');
    assert.deepEqual(federatedSignUpError(refused), { error: 'invalid_request', error_description: 'PreSignUp failed with error Domain not allowed. ' });
  });

  it('without the trigger: the user as given, nothing invoked', async () => {
    const { deps, events } = depsAnswering(() => assert.fail('not invoked'));
    const plain = { ...pool, config: {} } as unknown as PoolRecord;
    assert.equal(await preSignUpExternalProvider(deps, plain, googleUser, {}), googleUser);
    assert.equal(events.length, 0);
  });
});
