import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { createPool } from '../helpers/fixtures.js';
import { rawRequest } from './helpers.js';

/**
 * Attack: one signed UpdateUserPool whose message template or e-mail address makes a backtracking regex engine
 * take polynomial time — `[P]*\{####\}[P]*` is quadratic and `[P]+@[P]+` (no maximum length) quadratic on a
 * failing value — freezes the event loop, and with it every other request, for seconds to minutes.
 */
describe('ReDoS through model patterns', () => {
  let s: TestServer;
  let poolId: string;
  before(async () => {
    s = await startTestServer();
    poolId = await createPool(s);
  });
  after(async () => s.stop());

  /**
   * A signed UpdateUserPool, timed; node:http with a large header limit so that only the time can fail it. The best of
   * at most three tries counts: a backtracking pattern is slow every time, a busy machine (a full test run beside
   * other work) is not.
   */
  const timed = async (input: Record<string, unknown>, name: string, boundMs = 1000) => {
    const send = () => rawRequest(s.url, { target: 'UpdateUserPool', body: JSON.stringify({ UserPoolId: poolId, ...input }), sign: true, signingDate: new Date(s.clock.now()) });
    let r = await send();
    const times = [r.ms];
    for (let i = 1; i < 3 && r.ms >= boundMs; i++) {
      r = await send();
      times.push(r.ms);
    }
    assert.ok(r.ms < boundMs, `${name} took ${times.map((t) => t.toFixed(0)).join(', ')} ms`);
    assert.equal(r.status, 400);
    assert.equal(r.json.__type, 'InvalidParameterException');
    return r.json as { message: string };
  };

  it('redos: a 40,000-character e-mail address of "@" is refused in under a second', async () => {
    const err = await timed(
      { EmailConfiguration: { ReplyToEmailAddress: '@'.repeat(40_000) + '\u0000' } },
      'ReplyToEmailAddress',
    );
    assert.match(err.message, /at 'emailConfiguration\.replyToEmailAddress' failed to satisfy constraint: Member must satisfy regular expression pattern/);
  });

  it('redos: a {####} template at its maximum length (20,000) that fails the pattern is refused in under 200 ms', async () => {
    // Backtracking takes ~450 ms here (quadratic); the linear engine ~10 ms once warm (the first call is not timed).
    await timed({ EmailVerificationMessage: '{####}'.repeat(3333) + '\u0000' }, 'EmailVerificationMessage (warm-up)', 5000);
    await timed({ EmailVerificationMessage: '{####}'.repeat(3333) + '\u0000' }, 'EmailVerificationMessage', 200);
  });

  it('redos: a {##…##} link template over its maximum length is refused by its length alone, in under a second', async () => {
    const err = await timed(
      { VerificationMessageTemplate: { EmailMessageByLink: '{####}'.repeat(10_000) + '\u0000' } },
      'EmailMessageByLink',
    );
    assert.match(err.message, /^1 validation error detected: Value '\{####\}.*\.\.\.' at 'verificationMessageTemplate\.emailMessageByLink' failed to satisfy constraint: Member must have length less than or equal to 20000$/);
  });
});
