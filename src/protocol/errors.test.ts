import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { OperationName } from '../../model/names.js';
import { CognitoError } from '../domain/errors.js';
import type { Deps } from '../domain/deps.js';
import type { Operation } from '../operations/operation.js';
import type { Services } from '../operations/services.js';
import { silentLogger } from '../platform/log.js';
import { SeededRandom } from '../platform/random.js';
import { isModelledError } from './errors.js';
import { createProtocolHandler, type UnmodelledError } from './handler.js';
import { loadModel } from './model.js';

const model = loadModel();

test('an operation may answer what its model lists and what the protocol sends for every operation, nothing else', () => {
  assert.ok(isModelledError(model, 'GetUser', 'NotAuthorizedException'));
  assert.ok(isModelledError(model, 'GetUser', 'InternalErrorException'));
  assert.ok(isModelledError(model, 'GetUser', 'SerializationException'));
  assert.equal(isModelledError(model, 'GetUser', 'AliasExistsException'), false);
  // VerifySoftwareToken models no ExpiredCodeException (sign-in's answer to a replayed TOTP code).
  assert.equal(isModelledError(model, 'VerifySoftwareToken', 'ExpiredCodeException'), false);
  // cognate's "not supported yet" (an operation or a part of one) passes everywhere.
  assert.ok(isModelledError(model, 'GetUser', 'UnsupportedOperationException'));
  assert.ok(isModelledError(model, 'InitiateAuth', 'UnsupportedOperationException'));
});

async function call(throwing: CognitoError, check: boolean) {
  const violations: UnmodelledError[] = [];
  const op: Operation = {
    name: 'GetUser',
    async handle() {
      throw throwing;
    },
  };
  const handle = createProtocolHandler({
    model,
    registry: new Map<OperationName, Operation>([['GetUser', op]]),
    deps: { random: new SeededRandom('errors'), log: silentLogger } as unknown as Deps,
    services: {} as Services,
    accessKeys: [],
    ...(check ? { onUnmodelledError: (v: UnmodelledError) => violations.push(v) } : {}),
  });
  const res = await handle({
    method: 'POST',
    path: '/',
    query: {},
    headers: { 'x-amz-target': 'AWSCognitoIdentityProviderService.GetUser', 'content-type': 'application/x-amz-json-1.1' },
    body: Buffer.from(JSON.stringify({ AccessToken: 'x' })),
    sourceIp: '127.0.0.1',
  });
  return { res, body: JSON.parse(res.body) as { __type: string; message: string }, violations };
}

test('with the check on, an unmodelled error is a 500 naming the operation and the error, and is reported', async () => {
  const { res, body, violations } = await call(new CognitoError('AliasExistsException', 'taken'), true);
  assert.equal(res.status, 500);
  assert.equal(body.__type, 'InternalErrorException');
  assert.equal(body.message, 'cognate bug: GetUser answered AliasExistsException, which the model does not list for GetUser (taken)');
  assert.deepEqual(violations, [{ operation: 'GetUser', error: 'AliasExistsException', message: 'taken' }]);
});

test('with the check on, a modelled error passes as it is, with the protocol\'s status', async () => {
  const { res, body, violations } = await call(new CognitoError('NotAuthorizedException', 'Invalid Access Token'), true);
  assert.equal(res.status, 400);
  assert.deepEqual(body, { __type: 'NotAuthorizedException', message: 'Invalid Access Token' });
  assert.deepEqual(violations, []);
});

test('with the check off (production), nothing is checked', async () => {
  const { res, body } = await call(new CognitoError('AliasExistsException', 'taken'), false);
  assert.equal(res.status, 400);
  assert.equal(body.__type, 'AliasExistsException');
});
