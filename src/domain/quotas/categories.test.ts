import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadModel } from '../../protocol/model.js';
import { CATEGORY_NAMES, OPERATION_CATEGORIES, QUOTA_CATEGORIES } from './categories.js';

test('every operation of the model has a quota category, and the table names no operation the model lacks', () => {
  const operations = Object.keys(loadModel().operations).sort();
  assert.deepEqual(Object.keys(OPERATION_CATEGORIES).sort(), operations);
  for (const [op, { category }] of Object.entries(OPERATION_CATEGORIES)) assert.ok(CATEGORY_NAMES.includes(category), `${op}: ${category}`);
});

test('the categories carry Cognito\'s default rates, and only the documented ones are adjustable', () => {
  assert.equal(QUOTA_CATEGORIES.UserAuthentication.free, 120);
  assert.equal(QUOTA_CATEGORIES.UserAccountRecovery.free, 30);
  assert.equal(QUOTA_CATEGORIES.LimitManagement.free, 1);
  assert.deepEqual(
    CATEGORY_NAMES.filter((c) => QUOTA_CATEGORIES[c].adjustable),
    ['UserAuthentication', 'UserCreation', 'UserFederation', 'UserRead', 'UserToken', 'UserResourceRead'],
  );
});
