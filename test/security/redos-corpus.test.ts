import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { loadModel } from '../../src/protocol/model.js';
import { compileLinear, compilePattern } from '../../src/protocol/pattern.js';
import { seededRandom } from './helpers.js';

/**
 * Attack: a value built to make a backtracking engine try every way of splitting it (repeated separators that the
 * pattern's classes also accept, ending in a character nothing accepts). Every pattern of the model is run
 * against such values at its maximum length — or 64 Ki characters where the model sets none — and must answer
 * each in well under the time one request may take; and the linear engine must agree with V8 on what matches.
 */
const model = loadModel();
const shapes = Object.entries(model.shapes).filter(([, s]) => s.type === 'string' && s.pattern);
const byPattern = new Map<string, number | undefined>();
for (const [, s] of shapes) {
  // One pattern on several shapes: the largest maximum (undefined = none) is the worst case.
  const prev = byPattern.has(s.pattern!) ? byPattern.get(s.pattern!) : 0;
  byPattern.set(s.pattern!, prev === undefined || s.max === undefined ? undefined : Math.max(prev, s.max));
}
const NO_MAX_LENGTH = 64 * 1024;
/** Characters that, between them, fall in and out of every class the model uses. */
const SAMPLES = ['a', 'Z', '0', '9', '_', '-', '.', ' ', '\t', '\n', '@', ':', '/', '=', '+', ',', '#', '{', '}', '*', '!', 'é', '\u0301', '€', '😀', '\u00a0', '\u2028', '\u0000', '\u007f'];

function literalsOf(pattern: string): string[] {
  // Runs of literal (escaped or plain) characters outside classes: the separators an attacker repeats.
  const out = new Set<string>();
  const body = pattern.replace(/\[(?:\\.|[^\]])*\]/g, ' ').replace(/\\[pP]\{[^}]*\}|\\[wsdSWD]/g, ' ');
  for (const m of body.matchAll(/(?:\\[^pPwsdSWDx]|[^\\()[\]|?*+^$ .{}])+|\\\{|\\\}/g)) out.add(m[0].replace(/\\(.)/g, '$1'));
  return [...out].filter((l) => l.length > 0);
}

function adversarialInputs(pattern: string, length: number): string[] {
  const units = new Set<string>(['a', '@', '_', ':', '{####}', '{##', '##}', 'arn:a:b::1:', 'a_', '.', ' ']);
  for (const l of literalsOf(pattern)) {
    units.add(l);
    units.add(l + 'a');
  }
  const out: string[] = [];
  for (const unit of units) {
    const body = unit.repeat(Math.max(1, Math.floor((length - 1) / unit.length)));
    for (const killer of ['\u0000', '!', ' ', '\u2028']) out.push(body + killer);
    out.push(body);
  }
  return out;
}

describe('every model pattern runs in linear time', () => {
  it(`redos: ${byPattern.size} model patterns answer adversarial values at their maximum length in under 300 ms each`, () => {
    const slow: string[] = [];
    for (const [pattern, max] of byPattern) {
      const length = max ?? NO_MAX_LENGTH;
      const matcher = compilePattern(pattern, max);
      for (const input of adversarialInputs(pattern, length)) {
        // The best of three runs: a super-linear pattern is slow every time, a GC pause or a busy machine is not.
        let ms = Infinity;
        for (let run = 0; run < 3 && ms > 300; run++) {
          const t0 = performance.now();
          matcher.test(input);
          ms = Math.min(ms, performance.now() - t0);
        }
        if (ms > 300) slow.push(`${pattern} (${matcher.engine}) on ${JSON.stringify(input.slice(0, 12))}… (${input.length} chars): ${ms.toFixed(0)} ms`);
      }
    }
    assert.deepEqual(slow, []);
  });

  it('the patterns that backtrack polynomially run on the linear engine, the hot-path ones on V8', () => {
    const engine = (shape: string) => compilePattern(model.shapes[shape]!.pattern!, model.shapes[shape]!.max).engine;
    for (const shape of ['EmailAddressType', 'EmailVerificationMessageType', 'EmailVerificationMessageByLinkType', 'ArnType']) assert.equal(engine(shape), 'linear', shape);
    for (const shape of ['UserPoolIdType', 'ClientIdType', 'TokenModelType', 'UsernameType', 'PasswordType', 'SoftwareTokenMFAUserCodeType']) assert.equal(engine(shape), 'native', shape);
  });

  it('the linear engine and V8 agree on every model pattern (random and boundary values)', () => {
    const random = seededRandom(13);
    const mismatches: string[] = [];
    for (const pattern of byPattern.keys()) {
      const inline = /^\(\?([a-z]+)\)/.exec(pattern);
      const native = new RegExp(`^(?:${inline ? pattern.slice(inline[0].length) : pattern})$`, 'u' + (inline?.[1] ?? ''));
      const linear = compileLinear(pattern);
      const alphabet = [...SAMPLES, ...literalsOf(pattern)];
      const inputs = ['', ...literalsOf(pattern)];
      for (let k = 0; k < 400; k++) {
        const n = Math.floor(random() * 14);
        let v = '';
        for (let j = 0; j < n; j++) v += alphabet[Math.floor(random() * alphabet.length)];
        inputs.push(v);
      }
      for (const v of inputs) if (native.test(v) !== linear(v)) mismatches.push(`${pattern} on ${JSON.stringify(v)}: V8 ${native.test(v)}`);
    }
    assert.deepEqual(mismatches.slice(0, 10), []);
  });

  it('known values match on both engines', () => {
    const cases: Array<[string, string, boolean]> = [
      ['EmailVerificationMessageType', 'Your code is {####}.', true],
      ['EmailVerificationMessageType', 'Your code is {###}.', false],
      ['EmailVerificationMessageByLinkType', 'Click {##here##} now', true],
      ['EmailAddressType', 'a@b.example', true],
      ['EmailAddressType', 'no-at-sign', false],
      ['ArnType', 'arn:aws:sns:us-east-1:123456789012:topic', true],
      ['S3BucketType', 'bucket.', false],
      ['S3BucketType', 'my-bucket', true],
      ['SmsInviteMessageType', 'line one\nline two', true],
      ['DomainType', 'my-domain', true],
      ['DomainType', '-bad', false],
    ];
    for (const [shape, value, expected] of cases) {
      const s = model.shapes[shape]!;
      assert.equal(compilePattern(s.pattern!, s.max).test(value), expected, `${shape} ${value}`);
      assert.equal(compileLinear(s.pattern!)(value), expected, `${shape} ${value} (linear)`);
    }
  });
});
