import { loadModel, type Shape } from '../../src/protocol/model.js';
import type { RawRequest } from './helpers.js';

/**
 * The request generator of the fuzz test (fuzz.test.ts), apart so that a failing request can be regenerated from its
 * seed and index without running the test.
 */

/** Strings longer than this are rare (see Generator.string). */
const LARGE = 4096;

const model = loadModel();
/** Characters to build strings from (code points, so a surrogate pair is one character and the lone U+D800 another). */
const ALPHABETS = ['abcdefghij', 'AZaz09_-', 'é€😀\u0301 \t\n', '{####}@:/.=+', '\u0000\u007f\ud800"\\'].map((a) => [...a]);
export const operations = Object.keys(model.operations).sort();

/** What a "valid" value names: a pool, its app client, a user in it, the user's access token, a group. */
export interface Fixtures {
  poolId: string;
  clientId: string;
  username: string;
  accessToken: string;
  groupName: string;
}

/**
 * Operations that delete or disable what they name, or sign its user out: their valid values name a second,
 * expendable set of fixtures, so that the requests after the first such success still reach a live pool and user.
 */
const DESTRUCTIVE = /^(Delete|AdminDelete|AdminDisable|AdminUserGlobalSignOut$|GlobalSignOut$|RevokeToken$|UpdateUserPool$|ChangePassword$|AdminSetUserPassword$|AdminResetUserPassword$)/;

export class Generator {
  constructor(
    private readonly rnd: () => number,
    private readonly live: Fixtures,
    private readonly expendable: Fixtures,
  ) {
    this.fixtures = live;
  }
  private fixtures: Fixtures;
  int(n: number): number {
    return Math.floor(this.rnd() * n);
  }
  chance(p: number): boolean {
    return this.rnd() < p;
  }
  pick<T>(list: readonly T[]): T {
    return list[this.int(list.length)]!;
  }

  /** A string for a shape: an enum value, a fixture, or text of a chosen length. */
  string(name: string, shape: Shape, mode: 'valid' | 'boundary'): string {
    if (shape.enum && mode === 'valid') return this.pick(shape.enum);
    if (mode === 'valid') {
      if (name === 'UserPoolIdType') return this.fixtures.poolId;
      if (name === 'ClientIdType') return this.fixtures.clientId;
      if (name === 'UsernameType') return this.chance(0.7) ? this.fixtures.username : 'nobody';
      if (name === 'GroupNameType' && this.chance(0.7)) return this.fixtures.groupName;
      if (name === 'TokenModelType' && this.chance(0.7)) return this.fixtures.accessToken;
    }
    const min = shape.min ?? 0;
    const max = shape.max ?? 64;
    let length: number;
    if (mode === 'boundary') length = Math.max(0, this.pick([min - 1, min, max, max + 1]));
    else length = min + this.int(Math.min(max, 40) - min + 1);
    // A value over LARGE characters (a model maximum of 20,000 or 131,072, plus one) is made one time in ten: large
    // bodies test the same length checks and the body limit each time, and they were most of the run's cost.
    if (length > LARGE && !this.chance(0.1)) length = this.int(LARGE + 1);
    const alphabet = ALPHABETS[this.int(ALPHABETS.length)]!;
    // A random chunk of up to 64 characters (code points), repeated to `length` characters: a long value costs a
    // String.prototype.repeat, never a per-character loop or an array of its characters.
    const chunk: string[] = [];
    for (let k = 0; k < Math.min(length, 64); k++) chunk.push(alphabet[this.int(alphabet.length)]!);
    if (chunk.length === 0) return '';
    return chunk.join('').repeat(Math.floor(length / chunk.length)) + chunk.slice(0, length % chunk.length).join('');
  }

  value(shapeName: string, mode: 'valid' | 'boundary', depth: number): unknown {
    const shape = model.shapes[shapeName]!;
    switch (shape.type) {
      case 'structure': {
        if (shape.document || depth > 4) return {};
        const out: Record<string, unknown> = {};
        const required = new Set(shape.required ?? []);
        for (const [m, member] of Object.entries(shape.members ?? {})) {
          if (required.has(m) ? this.chance(0.95) : this.chance(0.35)) out[m] = this.value(member.shape, mode, depth + 1);
        }
        return out;
      }
      case 'list': {
        const n = mode === 'boundary' ? this.pick([0, 1, (shape.max ?? 3) + 1]) : this.int(3);
        return Array.from({ length: Math.min(n, 200) }, () => this.value(shape.member!, mode, depth + 1));
      }
      case 'map': {
        const n = this.int(3);
        return Object.fromEntries(Array.from({ length: n }, () => [this.string(shape.key!, model.shapes[shape.key!]!, mode), this.value(shape.value!, mode, depth + 1)]));
      }
      case 'string':
        return this.string(shapeName, shape, mode);
      case 'integer':
      case 'long':
      case 'double':
      case 'float': {
        if (mode === 'boundary') return this.pick([(shape.min ?? 0) - 1, shape.max !== undefined ? shape.max + 1 : 2 ** 53, -0, 1e308, 0.5]);
        const lo = shape.min ?? 0;
        const hi = shape.max ?? 1000;
        return lo + this.int(Math.min(hi - lo, 1000) + 1);
      }
      case 'boolean':
        return this.chance(0.5);
      case 'timestamp':
        return this.pick([0, 1_700_000_000, '2026-01-01T00:00:00Z', -1]);
      case 'blob':
        return Buffer.from(this.string('blob', { type: 'string', max: 32 }, 'valid')).toString('base64');
    }
  }

  /** Replaces one member somewhere with a value of the wrong JSON type (or something huge). */
  corrupt(input: Record<string, unknown>, huge: boolean): Record<string, unknown> {
    const keys = Object.keys(input);
    const wrong = huge
      ? 'x'.repeat(100_000 + this.int(800_000))
      : this.pick<unknown>([42, -1.5, true, 'text', [], [1, 'a', null], {}, { nested: { deeper: [[]] } }, null, Number.MAX_SAFE_INTEGER]);
    if (keys.length === 0 || this.chance(0.2)) return { ...input, [this.pick(['Unknown', '__proto__', 'constructor', 'AccessToken'])]: wrong };
    const key = this.pick(keys);
    const v = input[key];
    if (v && typeof v === 'object' && !Array.isArray(v) && this.chance(0.5)) return { ...input, [key]: this.corrupt(v as Record<string, unknown>, huge) };
    return { ...input, [key]: wrong };
  }

  request(op: string): RawRequest {
    const opModel = model.operations[op as keyof typeof model.operations];
    this.fixtures = DESTRUCTIVE.test(op) ? this.expendable : this.live;
    const kind = this.rnd();
    let target: string | undefined = op;
    let body: string | Buffer;
    const headers: Record<string, string> = {};
    const input = () => (opModel.input ? (this.value(opModel.input, kind < 0.55 ? 'valid' : 'boundary', 0) as Record<string, unknown>) : {});
    if (kind < 0.7) body = JSON.stringify(input());
    else if (kind < 0.845) body = JSON.stringify(this.corrupt(input(), false));
    else if (kind < 0.85) body = JSON.stringify(this.corrupt(input(), true));
    else if (kind < 0.93) {
      body = this.pick<string | Buffer>([
        '',
        '{',
        '{"a":',
        'null',
        '[]',
        '"text"',
        '12',
        '{"__proto__":{"polluted":true}}',
        '['.repeat(20_000) + ']'.repeat(20_000),
        '{"a":'.repeat(5000) + '1' + '}'.repeat(5000),
        Buffer.from([0xff, 0xfe, 0x00, 0x7b]),
        '{"UserPoolId":"\\ud800"}',
        JSON.stringify(input()).slice(0, 10),
      ]);
    } else {
      body = JSON.stringify(input());
      const bad = this.int(5);
      if (bad === 0) target = 'NoSuchOperation';
      else if (bad === 1) target = undefined;
      else if (bad === 2) headers['x-amz-target'] = `SomeOtherService.${op}`;
      else if (bad === 3) headers['content-type'] = this.pick(['text/plain', 'application/xml', '', 'application/x-amz-json-1.1; charset=utf-16']);
      else headers['x-amz-target'] = `AWSCognitoIdentityProviderService.${op}\u0000`.replace('\u0000', '');
    }
    const signRoll = this.rnd();
    const sign = opModel.auth === 'sigv4' ? signRoll < 0.85 : signRoll < 0.1;
    if (!sign && this.chance(0.05)) headers.authorization = this.pick(['AWS4-HMAC-SHA256 garbage', 'Bearer x', 'AWS4-HMAC-SHA256 Credential=a/b/c/d/e, SignedHeaders=host, Signature=00']);
    if (this.chance(0.05)) headers.origin = this.pick(['http://evil.example', 'null', 'http://app.example']);
    const path = this.chance(0.03) ? this.pick(['//', '/some/prefix/', '/%zz', '/?a=%', '/_cognate/nothing']) : '/';
    return { target, body, headers, path, sign, signingDate: sign && this.chance(0.03) ? new Date(0) : undefined };
  }
}
