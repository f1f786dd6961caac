/**
 * The fake Cognito endpoint the golden cases were captured against (../shared/tools/awscli-capture/server.js),
 * ported so the tests run without ../shared: it logs every request (method, path, raw headers, body) and answers
 * per mode. Loopback only; port 0.
 */
import http from 'node:http';
import https from 'node:https';
import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';

export const REQ_ID = '11111111-2222-3333-4444-555555555555';
const JSON_CT = 'application/x-amz-json-1.1';
const ERRTYPE_HDR = 'NotAuthorizedException:http://internal.amazon.com/coral/com.amazonaws.cognito.identity.idp.model/';

export const GET_USER = {
  Username: 'alice',
  UserAttributes: [
    { Name: 'sub', Value: 'a1b2c3d4-0000-1111-2222-333344445555' },
    { Name: 'email_verified', Value: 'true' },
    { Name: 'phone_number', Value: '+15555550100' },
    { Name: 'email', Value: 'alice@example.com' },
  ],
  MFAOptions: [{ DeliveryMedium: 'SMS', AttributeName: 'phone_number' }],
  PreferredMfaSetting: 'SOFTWARE_TOKEN_MFA',
  UserMFASettingList: ['SMS_MFA', 'SOFTWARE_TOKEN_MFA'],
};

export const MFA_CONFIG = {
  SmsMfaConfiguration: {
    SmsAuthenticationMessage: 'Your code is {####}',
    SmsConfiguration: { SnsCallerArn: 'arn:aws:iam::123456789012:role/sns-role', ExternalId: 'ext-id', SnsRegion: 'us-east-1' },
  },
  SoftwareTokenMfaConfiguration: { Enabled: true },
  EmailMfaConfiguration: { Message: 'Code {####}', Subject: 'Your code' },
  MfaConfiguration: 'OPTIONAL',
};

export interface LoggedRequest {
  t: number;
  method: string;
  path: string;
  rawHeaders: [string, string][];
  body: string;
}

export type Responder = (req: http.IncomingMessage, body: string, res: http.ServerResponse) => boolean;

export interface CannedServer {
  url: string;
  port: number;
  mode: string;
  delayMs: number;
  /** extra routes tried before the modes (e.g. paginated fakes, the outbox) */
  responders: Responder[];
  log: LoggedRequest[];
  setMode(mode: string, delayMs?: number): void;
  reset(): void;
  close(): Promise<void>;
}

function send(res: http.ServerResponse, status: number, body: string, extra: Record<string, string> = {}): void {
  const headers: Record<string, string> = { 'x-amzn-RequestId': REQ_ID, 'Content-Type': JSON_CT, ...extra };
  const buf = Buffer.from(body, 'utf8');
  headers['Content-Length'] = String(buf.length);
  res.writeHead(status, headers);
  res.end(buf);
}

function respond(s: CannedServer, req: http.IncomingMessage, res: http.ServerResponse): void {
  const op = String(req.headers['x-amz-target'] ?? '').split('.').pop();
  switch (s.mode) {
    case 'auto':
      if (op === 'GetUser') return send(res, 200, JSON.stringify(GET_USER));
      if (op === 'GetUserPoolMfaConfig') return send(res, 200, JSON.stringify(MFA_CONFIG));
      return send(res, 200, '{}');
    case 'getuser':
      return send(res, 200, JSON.stringify(GET_USER));
    case 'mfaconfig':
      return send(res, 200, JSON.stringify(MFA_CONFIG));
    case 'ok-extra':
      return send(res, 200, JSON.stringify({ Foo: 'bar', SMSMfaSettings: { Enabled: true } }));
    case 'ok-notjson':
      return send(res, 200, 'this is not json');
    case 'notauth':
      return send(res, 400, JSON.stringify({ __type: 'NotAuthorizedException', message: 'Invalid Access Token' }));
    case 'notauth-ns':
      return send(res, 400, JSON.stringify({ __type: 'com.amazonaws.cognito.identity.idp.model#NotAuthorizedException', Message: 'Access Token has expired' }));
    case 'notauth-colon':
      return send(res, 400, JSON.stringify({ __type: ERRTYPE_HDR, message: 'm' }));
    case 'hdr-only':
      return send(res, 400, '', { 'x-amzn-ErrorType': ERRTYPE_HDR });
    case 'hdr-emptyjson':
      return send(res, 400, '{}', { 'x-amzn-ErrorType': ERRTYPE_HDR });
    case 'plain400':
      return send(res, 400, 'Bad Request', { 'Content-Type': 'text/plain' });
    case 'unknown400':
      return send(res, 400, JSON.stringify({ __type: 'SomethingWeirdException', message: 'weird' }));
    case 'throttle':
      return send(res, 400, JSON.stringify({ __type: 'TooManyRequestsException', message: 'Rate exceeded' }));
    case 'err500':
      return send(res, 500, JSON.stringify({ __type: 'InternalErrorException', message: 'Internal server error' }));
    case 'err500-empty':
      return send(res, 500, '');
    case 'slow': {
      const t = setTimeout(() => {
        if (!res.destroyed) send(res, 200, '{}');
      }, s.delayMs);
      res.on('close', () => clearTimeout(t));
      return;
    }
    default:
      return send(res, 599, JSON.stringify({ __type: 'BadServerMode', message: s.mode }));
  }
}

export function startCannedServer(tls?: { key: string; cert: string }): Promise<CannedServer> {
  const state = {
    mode: 'auto',
    delayMs: 3000,
    responders: [] as Responder[],
    log: [] as LoggedRequest[],
  } as CannedServer;
  const handler = (req: http.IncomingMessage, res: http.ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const pairs: [string, string][] = [];
      for (let i = 0; i < req.rawHeaders.length; i += 2) pairs.push([req.rawHeaders[i], req.rawHeaders[i + 1]]);
      state.log.push({ t: Date.now(), method: req.method ?? '', path: req.url ?? '', rawHeaders: pairs, body });
      if (req.method === 'GET' && req.url === '/token') {
        res.writeHead(200, { 'Content-Type': 'text/plain' });
        res.end('tokenFromUrl');
        return;
      }
      for (const r of state.responders) if (r(req, body, res)) return;
      respond(state, req, res);
    });
  };
  const server = tls
    ? https.createServer({ key: readFileSync(tls.key), cert: readFileSync(tls.cert) }, handler)
    : http.createServer(handler);
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const port = (server.address() as AddressInfo).port;
      state.port = port;
      state.url = `${tls ? 'https' : 'http'}://127.0.0.1:${port}`;
      state.setMode = (mode: string, delayMs?: number) => {
        state.mode = mode;
        state.delayMs = delayMs ?? 3000;
      };
      state.reset = () => {
        state.log = [];
      };
      state.close = () =>
        new Promise<void>((r) => {
          server.closeAllConnections();
          server.close(() => r());
        });
      resolve(state);
    });
  });
}
