import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { maskEmail, maskPhone } from './codes.js';
import { parseUserFilter } from './search.js';

describe('destination masking', () => {
  it('phone: a star per digit but the last four (the captured +********4114)', () => {
    assert.equal(maskPhone('+917411174114'), '+********4114');
    assert.equal(maskPhone('+15555550123'), '+*******0123');
    assert.equal(maskPhone('+1234'), '+1234');
  });
  it('email: first letters of local part and domain, top-level domain kept', () => {
    assert.equal(maskEmail('jane@example.com'), 'j***@e***');
    assert.equal(maskEmail('x@mail.example.co.uk'), 'x***@m***');
    assert.equal(maskEmail('a@localhost'), 'a***@l***');
  });
});

describe('ListUsers filter grammar', () => {
  it('parses exact and prefix matches with escapes', () => {
    assert.deepEqual(parseUserFilter('email = "a@b.c"'), { attribute: 'email', prefix: false, value: 'a@b.c' });
    assert.deepEqual(parseUserFilter('given_name^="Jo"'), { attribute: 'given_name', prefix: true, value: 'Jo' });
    assert.deepEqual(parseUserFilter('name = "say \\"hi\\" \\\\ bye"'), { attribute: 'name', prefix: false, value: 'say "hi" \\ bye' });
    assert.deepEqual(parseUserFilter('cognito:user_status = "UNCONFIRMED"'), { attribute: 'cognito:user_status', prefix: false, value: 'UNCONFIRMED' });
    assert.equal(parseUserFilter(''), undefined);
    assert.equal(parseUserFilter('   '), undefined);
  });
  it('refuses what is not the grammar, and attributes that cannot be searched', () => {
    for (const bad of ['email', 'email = x', 'email != "x"', '"email" = "x"', 'email = "x', 'email = "x" extra']) {
      assert.throws(() => parseUserFilter(bad), { name: 'InvalidParameterException', message: 'Error while parsing filter.' });
    }
    assert.throws(() => parseUserFilter('custom:x = "1"'), { name: 'InvalidParameterException', message: 'Invalid search attribute: custom:x' });
  });
});
