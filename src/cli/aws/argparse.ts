/**
 * The slice of Python's argparse (3.11) that decides what the AWS CLI accepts: `--opt value` and `--opt=value`,
 * unique-prefix abbreviations, negative-number and space-containing values, last-one-wins repeats, unknown
 * options and stray words collected in order, and the required-argument check — with argparse's messages.
 */
export type Nargs = 'zero' | 'one' | 'optional' | 'many';

export interface OptionSpec {
  /** e.g. `--sms-mfa-settings` */
  flag: string;
  dest: string;
  nargs: Nargs;
  /** value stored by a `zero` option, or by an `optional` one given without a value */
  constValue?: unknown;
  choices?: readonly string[];
  required?: boolean;
}

export class ArgParseError extends Error {}

export const NEGATIVE_NUMBER = /^-\d+$|^-\d*\.\d+$/;

export interface ParseResult {
  values: Map<string, unknown>;
  /** option flags actually seen, in order (for "which one came first" decisions) */
  seen: string[];
  extras: string[];
}

export interface ParseHooks {
  /** called when an option is consumed; returning true stops parsing (argparse's `version` action) */
  onOption?: (spec: OptionSpec) => boolean | void;
}

export function parseKnownArgs(specs: readonly OptionSpec[], args: readonly string[], hooks: ParseHooks = {}): ParseResult & { stopped: boolean } {
  const byFlag = new Map<string, OptionSpec>();
  for (const s of specs) byFlag.set(s.flag, s);

  type Parsed = { spec: OptionSpec | null; flag: string; explicit: string | null } | null;
  const classify = (arg: string): Parsed => {
    if (!arg || arg[0] !== '-') return null;
    const exact = byFlag.get(arg);
    if (exact) return { spec: exact, flag: arg, explicit: null };
    if (arg.length === 1) return null;
    if (arg.includes('=')) {
      const [flag, ...rest] = arg.split('=');
      const s = byFlag.get(flag);
      if (s) return { spec: s, flag, explicit: rest.join('=') };
    }
    if (arg.startsWith('--')) {
      const eq = arg.indexOf('=');
      const prefix = eq >= 0 ? arg.slice(0, eq) : arg;
      const explicit = eq >= 0 ? arg.slice(eq + 1) : null;
      const matches = specs.filter((s) => s.flag.startsWith(prefix));
      if (matches.length > 1) {
        throw new ArgParseError(`ambiguous option: ${arg} could match ${matches.map((m) => m.flag).join(', ')}`);
      }
      if (matches.length === 1) return { spec: matches[0], flag: matches[0].flag, explicit };
    }
    if (NEGATIVE_NUMBER.test(arg)) return null;
    if (arg.includes(' ')) return null;
    return { spec: null, flag: arg, explicit: null };
  };

  const values = new Map<string, unknown>();
  const seen: string[] = [];
  const extras: string[] = [];
  let endOfOptions = args.length;
  const dashdash = args.indexOf('--');
  if (dashdash >= 0) endOfOptions = dashdash;
  const kinds = args.map((a, i) => (i >= endOfOptions ? null : classify(a)));

  const checkChoice = (spec: OptionSpec, v: string) => {
    if (spec.choices && !spec.choices.includes(v)) {
      throw new ArgParseError(`argument ${spec.flag}: Found invalid choice '${v}'\n`);
    }
  };

  let i = 0;
  while (i < args.length) {
    if (i === endOfOptions) {
      extras.push(...args.slice(i + 1));
      break;
    }
    const k = kinds[i];
    if (!k) {
      extras.push(args[i]);
      i++;
      continue;
    }
    if (!k.spec) {
      extras.push(args[i]);
      i++;
      continue;
    }
    const spec = k.spec;
    i++;
    const followers: string[] = [];
    let j = i;
    while (j < args.length && j !== endOfOptions && !kinds[j]) followers.push(args[j++]);
    if (k.explicit !== null) {
      if (spec.nargs === 'zero') throw new ArgParseError(`argument ${spec.flag}: ignored explicit argument '${k.explicit}'`);
      checkChoice(spec, k.explicit);
      values.set(spec.dest, spec.nargs === 'many' ? [k.explicit] : k.explicit);
    } else if (spec.nargs === 'zero') {
      values.set(spec.dest, spec.constValue);
    } else if (spec.nargs === 'one') {
      if (followers.length === 0) throw new ArgParseError(`argument ${spec.flag}: expected one argument`);
      checkChoice(spec, followers[0]);
      values.set(spec.dest, followers[0]);
      i++;
    } else if (spec.nargs === 'optional') {
      if (followers.length === 0) values.set(spec.dest, spec.constValue);
      else {
        checkChoice(spec, followers[0]);
        values.set(spec.dest, followers[0]);
        i++;
      }
    } else {
      values.set(spec.dest, followers);
      i += followers.length;
    }
    seen.push(spec.flag);
    if (hooks.onOption?.(spec)) return { values, seen, extras, stopped: true };
  }
  const missing = specs.filter((s) => s.required && !seen.includes(s.flag) && !specs.some((o) => o.dest === s.dest && seen.includes(o.flag)));
  if (missing.length) {
    throw new ArgParseError(`the following arguments are required: ${missing.map((m) => m.flag).join(', ')}`);
  }
  return { values, seen, extras, stopped: false };
}
