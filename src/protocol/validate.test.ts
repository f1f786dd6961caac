import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadModel } from './model.js';
import { codePointLength, validateInput } from './validate.js';
import { CognitoError } from '../domain/errors.js';

const model = loadModel();
const POOL = 'us-east-1_AbCdEfGhI';
const errorOf = (input: unknown) => {
  try {
    validateInput(model, 'AdminGetUserRequest', input);
    return undefined;
  } catch (e) {
    return e as CognitoError;
  }
};

test('lengths count code points: 128 emoji (256 UTF-16 units) fit a 128 limit, 129 do not', () => {
  assert.equal(errorOf({ UserPoolId: POOL, Username: '🔑'.repeat(128) }), undefined);
  const e = errorOf({ UserPoolId: POOL, Username: '🔑'.repeat(129) });
  assert.equal(e?.type, 'InvalidParameterException');
  assert.equal(e?.message, "1 validation error detected: Value at 'username' failed to satisfy constraint: Member must have length less than or equal to 128");
  assert.equal(codePointLength('a🔑b\uD800'), 4, 'a lone surrogate counts as one');
});

test('missing, wrong-pattern and nested violations name their paths in member order', () => {
  assert.equal(errorOf({ UserPoolId: POOL })?.message, "1 validation error detected: Value null at 'username' failed to satisfy constraint: Member must not be null");
  const e = errorOf({ UserPoolId: 'bad id', Username: '' });
  assert.equal(
    e?.message,
    "3 validation errors detected: Value 'bad id' at 'userPoolId' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w-]+_[0-9a-zA-Z]+; " +
      "Value at 'username' failed to satisfy constraint: Member must have length greater than or equal to 1; " +
      "Value at 'username' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\p{L}\\p{M}\\p{S}\\p{N}\\p{P}]+",
  );
  try {
    validateInput(model, 'SetUserMFAPreferenceRequest', { AccessToken: 'a.b.c', SMSMfaSettings: { Enabled: 'yes' } });
    assert.fail('expected a SerializationException');
  } catch (err) {
    assert.equal((err as CognitoError).type, 'SerializationException');
    assert.equal((err as CognitoError).message, 'Expected Boolean at sMSMfaSettings.enabled');
  }
});
