/**
 * `cognate totp <secret>`: the current code of a TOTP secret (the SecretCode that AssociateSoftwareToken
 * returned), for people testing MFA without an authenticator app. RFC 6238 defaults: 6 digits, 30 s, SHA-1.
 */
import { systemClock, type Clock } from '../platform/clock.js';
import { totpCode, TotpError, type TotpAlgorithm } from '../domain/mfa/totp.js';
import { ArgParseError, parseKnownArgs, type OptionSpec } from './aws/argparse.js';
import type { CliIo } from './aws/index.js';

const USAGE = `usage: cognate totp <secret> [--next] [--digits N] [--period SECONDS] [--algorithm sha1|sha256|sha512] [--at TIME]

Prints the current TOTP code of a base32 secret. --at takes epoch seconds or an ISO 8601 time.
--next waits for the next time step to begin (up to one period) and prints its code: a code is single use,
so after verify-software-token (or a sign-in) accepted the current one, the next sign-in needs the next step's.
`;

const SPECS: OptionSpec[] = [
  { flag: '--digits', dest: 'digits', nargs: 'one' },
  { flag: '--period', dest: 'period', nargs: 'one' },
  { flag: '--algorithm', dest: 'algorithm', nargs: 'one', choices: ['sha1', 'sha256', 'sha512'] },
  { flag: '--at', dest: 'at', nargs: 'one' },
  { flag: '--next', dest: 'next', nargs: 'zero', constValue: true },
  { flag: '--help', dest: 'help', nargs: 'zero', constValue: true },
];

function parseTime(v: string): number {
  if (/^\d+(\.\d+)?$/.test(v)) return Number(v) * 1000;
  const ms = Date.parse(v);
  if (Number.isNaN(ms)) throw new ArgParseError(`argument --at: invalid time value: '${v}'`);
  return ms;
}

function positiveInt(name: string, v: unknown): number | undefined {
  if (v === undefined) return undefined;
  if (!/^\d+$/.test(String(v))) throw new ArgParseError(`argument --${name}: invalid int value: '${String(v)}'`);
  return Number(v);
}

const realSleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export async function runTotp(argv: string[], io: CliIo, clock: Clock = systemClock, sleep: (ms: number) => Promise<void> = realSleep): Promise<number> {
  const program = io.programName ?? 'cognate';
  try {
    const parsed = parseKnownArgs(SPECS, argv);
    if (parsed.values.get('help')) {
      io.stdout.write(USAGE);
      return 0;
    }
    const positional = parsed.extras.filter((a) => !a.startsWith('--'));
    const unknown = parsed.extras.filter((a) => a.startsWith('--'));
    if (unknown.length) throw new ArgParseError(`Unknown options: ${unknown.join(', ')}`);
    if (positional.length !== 1) throw new ArgParseError('expected exactly one argument: the base32 secret');
    const at = parsed.values.get('at') as string | undefined;
    let now = at === undefined ? clock.now() : parseTime(at);
    const period = positiveInt('period', parsed.values.get('period'));
    const options = { digits: positiveInt('digits', parsed.values.get('digits')), stepSeconds: period, algorithm: parsed.values.get('algorithm') as TotpAlgorithm | undefined };
    totpCode(positional[0], now, options); // a bad secret fails now, not after the wait
    if (parsed.values.get('next')) {
      const periodMs = (period ?? 30) * 1000;
      const next = (Math.floor(now / periodMs) + 1) * periodMs;
      if (at === undefined) {
        if ((io.stderr as NodeJS.WriteStream).isTTY) io.stderr.write(`${program} totp: waiting ${Math.ceil((next - now) / 1000)} s for the next step\n`);
        // a few milliseconds past the boundary, so that a verifier reading the same clock is in the new step too
        await sleep(next - now + 20);
      }
      now = next;
    }
    const code = totpCode(positional[0], now, options);
    io.stdout.write(code + '\n');
    return 0;
  } catch (e) {
    if (e instanceof ArgParseError || e instanceof TotpError) {
      io.stderr.write(`${program} totp: ${e.message}\n${e instanceof ArgParseError ? USAGE : ''}`);
      return 252;
    }
    throw e;
  }
}
