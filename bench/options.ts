/** `npm run bench -- [options]`: the knobs of one benchmark run. */
export interface BenchOptions {
  /** Users seeded into the pool. */
  users: number;
  /** 'sqlite' (a temp folder) or a postgres:// URL. */
  store: string;
  durability: 'normal' | 'full';
  /** Also measure SetUserMFAPreference with the other durability (the `full` ≥ 0.8 × `normal` target). */
  bothDurabilities: boolean;
  /** Seconds of measured load per scenario and run. */
  duration: number;
  /** Seconds of unmeasured load before each measurement (JIT, caches, connections). */
  warmup: number;
  connections: number;
  /** Measurements per scenario; the report gives the median (ratios are medians of per-run ratios). */
  runs: number;
  /** Scenario names to run (default: all). */
  only?: string[];
  cognitoLocal: boolean;
  /** Users seeded into cognito-local (it rewrites a JSON file per write and scans users per lookup). */
  cognitoLocalUsers: number;
  /** Pin the server to CPU 0 and the load generator to CPU 1 (taskset). Default: unpinned. */
  pin: boolean;
  out?: string;
  /** Seed into this folder once and reuse it on later runs (tokens are valid for an hour). */
  keepData?: string;
  /** Write a V8 CPU profile of every cognate server process into this folder (node --cpu-prof). */
  profile?: string;
  quick: boolean;
  /** Rounds of the cold-start measurement (spawn → first answer), 0 to skip it. */
  coldStarts: number;
}

export class UsageError extends Error {}

export const USAGE = `usage: npm run bench -- [options]
  --users N             users in the pool (default 10000; 1000000 for the scale run)
  --store URL           sqlite (default, a temp folder) or postgres://user@host/db
  --durability MODE     normal (default) or full
  --both-durabilities   also run SetUserMFAPreference with the other durability
  --duration S          measured seconds per scenario and run (default 4)
  --warmup S            unmeasured seconds before each measurement (default 1)
  --connections N       concurrent connections of the load generator (default 64)
  --runs N              runs per scenario, median reported (default 3)
  --only a,b            only these scenarios (names as printed)
  --no-cognito-local    skip the cognito-local comparison
  --cognito-local-users N  users seeded into cognito-local (default: min(--users, 10000))
  --pin                 taskset: server on CPU 0, load generator on CPU 1
  --keep-data DIR       seed into DIR once, reuse it in later runs within the hour (tokens expire)
  --profile DIR         write a CPU profile (.cpuprofile) of each cognate server process into DIR
  --out FILE            result file (default bench/results/<date>-<store>-<users>.json)
  --cold-starts N       rounds of the cold-start measurement, median reported (default 10; 0 skips it)
  --quick               smoke run: 500 users, 1 run of 1 s, 16 connections, cognito-local with 100 users
`;

export function parseOptions(argv: string[]): BenchOptions {
  const o: BenchOptions = {
    users: 10_000,
    store: 'sqlite',
    durability: 'normal',
    bothDurabilities: false,
    duration: 4,
    warmup: 1,
    connections: 64,
    runs: 3,
    cognitoLocal: true,
    cognitoLocalUsers: -1,
    pin: false,
    quick: false,
    coldStarts: 10,
  };
  const set = new Set<string>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const eq = arg.indexOf('=');
    const name = eq > 0 ? arg.slice(0, eq) : arg;
    const value = (): string => {
      const v = eq > 0 ? arg.slice(eq + 1) : argv[++i];
      if (v === undefined) throw new UsageError(`${name} needs a value`);
      return v;
    };
    const int = (min: number): number => {
      const v = value();
      const n = Number(v.replace(/_/g, ''));
      if (!Number.isInteger(n) || n < min) throw new UsageError(`${name} must be an integer ≥ ${min}, not ${v}`);
      return n;
    };
    set.add(name);
    switch (name) {
      case '--users': o.users = int(1); break;
      case '--store': o.store = value(); break;
      case '--durability': {
        const d = value();
        if (d !== 'normal' && d !== 'full') throw new UsageError('--durability must be normal or full');
        o.durability = d;
        break;
      }
      case '--both-durabilities': o.bothDurabilities = true; break;
      case '--duration': o.duration = int(1); break;
      case '--warmup': o.warmup = int(0); break;
      case '--connections': o.connections = int(1); break;
      case '--runs': o.runs = int(1); break;
      case '--only': o.only = value().split(',').map((s) => s.trim()).filter(Boolean); break;
      case '--no-cognito-local': o.cognitoLocal = false; break;
      case '--cognito-local-users': o.cognitoLocalUsers = int(1); break;
      case '--pin': o.pin = true; break;
      case '--out': o.out = value(); break;
      case '--profile': o.profile = value(); break;
      case '--keep-data': o.keepData = value(); break;
      case '--quick': o.quick = true; break;
      case '--cold-starts': o.coldStarts = int(0); break;
      case '--help': case '-h': throw new UsageError('');
      default: throw new UsageError(`unknown option ${name}`);
    }
  }
  if (o.quick) {
    if (!set.has('--users')) o.users = 500;
    if (!set.has('--duration')) o.duration = 1;
    if (!set.has('--warmup')) o.warmup = 0;
    if (!set.has('--runs')) o.runs = 1;
    if (!set.has('--connections')) o.connections = 16;
    if (!set.has('--cognito-local-users')) o.cognitoLocalUsers = 100;
    if (!set.has('--cold-starts')) o.coldStarts = 3;
  }
  // cognito-local keeps every user in one JSON file it rewrites per write: 10,000 is the comparison the issue asks for
  if (o.cognitoLocalUsers < 0) o.cognitoLocalUsers = Math.min(o.users, 10_000);
  if (o.store !== 'sqlite' && !/^postgres(ql)?:\/\//.test(o.store)) throw new UsageError('--store must be sqlite or a postgres:// URL');
  return o;
}
