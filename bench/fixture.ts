import type { Credentials } from './sigv4.js';

/** What the seeder hands to the load generator (a JSON file: the two run in different processes). */
export interface Fixture {
  target: 'cognate' | 'cognito-local';
  poolId: string;
  clientId: string;
  region: string;
  password: string;
  accessKey: Credentials;
  /** Access tokens in rotation order: consecutive tokens belong to different users; none repeats. */
  freshTokens: string[];
  /** A small set of tokens that repeat (their signature check is cached after the first use). */
  repeatTokens: string[];
  /** Users with a real password verifier and no MFA: USER_PASSWORD_AUTH and USER_SRP_AUTH sign-ins. */
  signInUsers: string[];
  /** Users with a verified TOTP token, TOTP enabled and preferred: the full TOTP sign-in. */
  totpUsers: Array<{ username: string; secret: string }>;
  /** User names spread over the whole pool, for AdminGetUser. */
  adminUsers: string[];
  /**
   * A second pool like the first but with threat protection in AUDIT mode (every sign-in evaluated and recorded,
   * nothing acted on) and its own users with real verifiers and no MFA: the cost of threat protection per sign-in.
   */
  threat?: { poolId: string; clientId: string; signInUsers: string[] };
  seeding: Record<string, number | string>;
}

/** The body of SetUserMFAPreference in the benchmark: a real write that leaves every sign-in as it was. */
export const MFA_PREFERENCE_SETTINGS = { SMSMfaSettings: { Enabled: false, PreferredMfa: false } };

export const BENCH_PASSWORD = 'Bench-Passw0rd!';
export const BENCH_ACCESS_KEY: Credentials = { accessKeyId: 'AKIDBENCHMARK', secretAccessKey: 'benchmark-secret-access-key-0000000000' };
