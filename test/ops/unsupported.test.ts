/**
 * Issue 16's acceptance: no operation of the model answers UnsupportedOperationException. The test enumerates the
 * model's operations and sends each one, through the SDK, the smallest request the model accepts (its required members
 * only, with made-up values: a pool and a client that do not exist, a token that is not one); whatever each answers —
 * success, not found, not authorized — must come from its own implementation, not from the registry's "not supported"
 * fallback. Each request first passes the protocol's validation here (else it would never reach the operation and
 * would prove nothing).
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as sdk from '@aws-sdk/client-cognito-identity-provider';
import { isSupported, loadOperations } from '../../src/operations/registry.js';
import { loadModel, type ApiModel } from '../../src/protocol/model.js';
import { validateInput } from '../../src/protocol/validate.js';
import type { OperationName } from '../../model/names.js';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { sample } from '../helpers/model-samples.js';

const model: ApiModel = loadModel();
const OPERATIONS = Object.keys(model.operations).sort() as OperationName[];

type Command = new (input: unknown) => Parameters<sdk.CognitoIdentityProviderClient['send']>[0];

describe("every operation of the model is implemented (issue 16)", () => {
  let s: TestServer;
  before(async () => (s = await startTestServer()));
  after(async () => await s.stop());

  it('the registry has an implementation for each of the model\'s operations', async () => {
    const registry = await loadOperations();
    assert.ok(OPERATIONS.length >= 129, `the model has ${OPERATIONS.length} operations`);
    const unsupported = OPERATIONS.filter((name) => !isSupported(registry.get(name)!));
    assert.deepEqual(unsupported, [], 'operations answered by the "not supported" fallback');
  });

  it('each operation, sent its smallest valid request through the SDK, answers something other than UnsupportedOperationException', async () => {
    const answers: string[] = [];
    for (const name of OPERATIONS) {
      const inputShape = model.operations[name].input;
      const input = inputShape ? (sample(inputShape) as Record<string, unknown>) : {};
      // The request passes the protocol's own validation, so what answers is the operation itself.
      if (inputShape) validateInput(model, inputShape, input);
      const Command = (sdk as unknown as Record<string, Command>)[`${name}Command`];
      assert.ok(Command, `the SDK has ${name}Command`);
      let answer: string;
      try {
        await s.client.send(new Command(input));
        answer = 'success';
      } catch (e) {
        const err = e as Error;
        answer = `${err.name}: ${err.message}`;
        assert.notEqual(err.name, 'UnsupportedOperationException', `${name} answered ${answer}`);
      }
      answers.push(`${name} → ${answer}`);
    }
    assert.equal(answers.length, OPERATIONS.length);
  });
});
