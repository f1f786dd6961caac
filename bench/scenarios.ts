import { totpCode } from '../src/domain/mfa/totp.js';
import { MFA_PREFERENCE_SETTINGS, type Fixture } from './fixture.js';
import { createSigner } from './sigv4.js';
import { srpConnection } from './srp-client.js';

/**
 * The request sequences the load generator sends, as autocannon `requests` (setupRequest builds each body at send
 * time, so every request carries the next token or user in rotation; onResponse carries a challenge's Session to the
 * next step). Everything here runs in the load generator's process.
 */
export const SCENARIOS = [
  'SetUserMFAPreference/fresh',
  'SetUserMFAPreference/repeat',
  'GetUser',
  'AdminGetUser',
  'InitiateAuth/USER_PASSWORD_AUTH',
  'InitiateAuth/USER_PASSWORD_AUTH/threat-audit',
  'SignIn/TOTP',
  'SignIn/USER_SRP_AUTH',
] as const;
export type ScenarioName = (typeof SCENARIOS)[number];

/** Scenarios that are two requests (InitiateAuth + RespondToAuthChallenge): their rate is also given per sign-in. */
export const TWO_STEP: ReadonlySet<string> = new Set(['SignIn/TOTP', 'SignIn/USER_SRP_AUTH']);

const TARGET = 'AWSCognitoIdentityProviderService.';
const JSON_HEADERS = (op: string) => ({ 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': TARGET + op });

interface Req {
  method?: string;
  path?: string;
  headers?: Record<string, string>;
  body?: string;
}
export interface AutocannonRequest {
  method: 'POST';
  path: string;
  setupRequest: (req: Req, context: Record<string, any>) => Req | undefined;
  onResponse?: (status: number, body: string, context: Record<string, any>) => void;
}

export interface Counters {
  /** Requests built (rotation position). */
  built: number;
  /** Completed sign-ins (second step answered with tokens). */
  signIns: number;
  /** Fresh-token rotation wrapped around: tokens repeated. */
  wrapped: boolean;
  /** TOTP cohort exhausted within one 30-s step (codes had to be reused and are refused). */
  totpExhausted: number;
  /** First response bodies that were not a success, for the report (a few). */
  failures: string[];
}

export interface TotpState {
  cursor: number;
  /** Last TOTP time step used per TOTP user index (−1: never). */
  last: number[];
}

/** Rotation positions survive warm-up → measurement (one counter object per load-generator process). */
export function buildRequests(name: ScenarioName, f: Fixture, host: string, counters: Counters, totp: TotpState): AutocannonRequest[] {
  // TOTP users whose sign-in (two requests) is under way.
  const busy = new Set<number>();
  const fail = (status: number, body: string) => {
    if (counters.failures.length < 5) counters.failures.push(`${status} ${body.slice(0, 200)}`);
  };
  const tokenRequest = (op: string, tokens: string[], extra: object): AutocannonRequest[] => [
    {
      method: 'POST',
      path: '/',
      setupRequest(req) {
        const i = counters.built++;
        if (i >= tokens.length && tokens === f.freshTokens) counters.wrapped = true;
        return { ...req, headers: JSON_HEADERS(op), body: JSON.stringify({ AccessToken: tokens[i % tokens.length], ...extra }) };
      },
      onResponse(status, body) {
        if (status !== 200) fail(status, body);
      },
    },
  ];
  const passwordSignIn = (clientId: string, users: string[]): AutocannonRequest[] => [
    {
      method: 'POST',
      path: '/',
      setupRequest(req) {
        const USERNAME = users[counters.built++ % users.length];
        return { ...req, headers: JSON_HEADERS('InitiateAuth'), body: JSON.stringify({ AuthFlow: 'USER_PASSWORD_AUTH', ClientId: clientId, AuthParameters: { USERNAME, PASSWORD: f.password } }) };
      },
      onResponse(status, body) {
        if (status === 200 && body.includes('"AccessToken"')) counters.signIns++;
        else fail(status, body);
      },
    },
  ];
  switch (name) {
    case 'SetUserMFAPreference/fresh':
      return tokenRequest('SetUserMFAPreference', f.freshTokens, MFA_PREFERENCE_SETTINGS);
    case 'SetUserMFAPreference/repeat':
      return tokenRequest('SetUserMFAPreference', f.repeatTokens, MFA_PREFERENCE_SETTINGS);
    case 'GetUser':
      return tokenRequest('GetUser', f.freshTokens, {});
    case 'AdminGetUser': {
      const sign = createSigner(f.accessKey, f.region);
      return [
        {
          method: 'POST',
          path: '/',
          setupRequest(req) {
            const body = JSON.stringify({ UserPoolId: f.poolId, Username: f.adminUsers[counters.built++ % f.adminUsers.length] });
            return { ...req, headers: sign(host, TARGET + 'AdminGetUser', body, Date.now()), body };
          },
          onResponse(status, body) {
            if (status !== 200) fail(status, body);
          },
        },
      ];
    }
    case 'InitiateAuth/USER_PASSWORD_AUTH':
      return passwordSignIn(f.clientId, f.signInUsers);
    case 'InitiateAuth/USER_PASSWORD_AUTH/threat-audit':
      if (!f.threat) throw new Error('the fixture has no threat-protection pool (seeded by an older bench?)');
      return passwordSignIn(f.threat.clientId, f.threat.signInUsers);
    case 'SignIn/TOTP':
      return [
        {
          method: 'POST',
          path: '/',
          setupRequest(req, ctx) {
            counters.built++;
            const step = Math.floor(Date.now() / 30_000);
            const n = f.totpUsers.length;
            let idx = -1;
            for (let k = 0; k < n; k++) {
              const c = (totp.cursor + k) % n;
              // Not a user whose sign-in is still under way: picked at the end of the previous step, its code may
              // reach the server after this pick's code of the new step, which the server then finds used.
              if ((totp.last[c] ?? -1) < step && !busy.has(c)) {
                idx = c;
                break;
              }
            }
            if (idx < 0) {
              counters.totpExhausted++;
              idx = totp.cursor % n;
            }
            totp.cursor = idx + 1;
            totp.last[idx] = step;
            busy.add(idx);
            ctx.idx = idx;
            ctx.user = f.totpUsers[idx];
            ctx.step = step;
            return { ...req, headers: JSON_HEADERS('InitiateAuth'), body: JSON.stringify({ AuthFlow: 'USER_PASSWORD_AUTH', ClientId: f.clientId, AuthParameters: { USERNAME: ctx.user.username, PASSWORD: f.password } }) };
          },
          onResponse(status, body, ctx) {
            const r = status === 200 ? JSON.parse(body) : undefined;
            if (r?.ChallengeName === 'SOFTWARE_TOKEN_MFA') ctx.session = r.Session;
            else fail(status, body);
          },
        },
        {
          method: 'POST',
          path: '/',
          setupRequest(req, ctx) {
            if (!ctx.session) {
              busy.delete(ctx.idx as number);
              return undefined;
            }
            // The code of the step the user was picked in, not of the answer's moment: near a step's end the answer
            // can fall into the next step, whose code a later pick of the same user would then find used. The server
            // accepts the previous step's code (the usual window of one step).
            const code = totpCode(ctx.user.secret, ctx.step * 30_000);
            return {
              ...req,
              headers: JSON_HEADERS('RespondToAuthChallenge'),
              body: JSON.stringify({ ChallengeName: 'SOFTWARE_TOKEN_MFA', ClientId: f.clientId, Session: ctx.session, ChallengeResponses: { USERNAME: ctx.user.username, SOFTWARE_TOKEN_MFA_CODE: code } }),
            };
          },
          onResponse(status, body, ctx) {
            busy.delete(ctx.idx as number);
            if (status === 200 && body.includes('"AccessToken"')) counters.signIns++;
            else fail(status, body);
          },
        },
      ];
    case 'SignIn/USER_SRP_AUTH': {
      const srp = srpConnection(f.poolId);
      return [
        {
          method: 'POST',
          path: '/',
          setupRequest(req, ctx) {
            ctx.username = f.signInUsers[counters.built++ % f.signInUsers.length];
            return { ...req, headers: JSON_HEADERS('InitiateAuth'), body: JSON.stringify({ AuthFlow: 'USER_SRP_AUTH', ClientId: f.clientId, AuthParameters: { USERNAME: ctx.username, SRP_A: srp.srpA } }) };
          },
          onResponse(status, body, ctx) {
            const r = status === 200 ? JSON.parse(body) : undefined;
            if (r?.ChallengeName === 'PASSWORD_VERIFIER') {
              ctx.session = r.Session;
              ctx.params = r.ChallengeParameters;
            } else fail(status, body);
          },
        },
        {
          method: 'POST',
          path: '/',
          setupRequest(req, ctx) {
            if (!ctx.params) return undefined;
            const ChallengeResponses = srp.answer(ctx.params, f.password, Date.now());
            return {
              ...req,
              headers: JSON_HEADERS('RespondToAuthChallenge'),
              body: JSON.stringify({ ChallengeName: 'PASSWORD_VERIFIER', ClientId: f.clientId, ...(ctx.session ? { Session: ctx.session } : {}), ChallengeResponses }),
            };
          },
          onResponse(status, body) {
            if (status === 200 && body.includes('"AccessToken"')) counters.signIns++;
            else fail(status, body);
          },
        },
      ];
    }
  }
}
