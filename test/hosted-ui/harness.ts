import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createSecondFactor } from '../../src/domain/mfa/sign-in.js';
import { createAccessTokenAuthorizer } from '../../src/domain/tokens/tokens.js';
import { QuotaLimiter } from '../../src/domain/quotas/limiter.js';
import { handlePage, PAGE_PATHS, type Authorizer } from '../../src/http/domain/pages/pages.js';
import { parseCookies } from '../../src/http/domain/pages/state.js';
import type { Services } from '../../src/operations/services.js';
import type { TestServer } from '../helpers/server.js';

/**
 * The managed-login pages of one pool served on http://localhost:<port>, with an authorizer that answers
 * `<redirect_uri>?code=signed-in:<username>&state=…`: the pages on their own, before the domain router serves them.
 */
export async function servePages(s: TestServer, poolId: string): Promise<{ url: string; close(): Promise<void> }> {
  const services: Services = {
    keys: s.keys,
    authorize: createAccessTokenAuthorizer(s.deps, s.keys),
    secondFactor: createSecondFactor(),
    quotas: new QuotaLimiter({ store: s.store, clock: s.clock, limits: {} as never }),
  };
  const authorizer: Authorizer = {
    async completeAuthorization(_ctx, params, signedIn) {
      const u = new URL(params.get('redirect_uri')!);
      u.searchParams.set('code', `signed-in:${signedIn.username}`);
      if (params.get('state')) u.searchParams.set('state', params.get('state')!);
      return u.toString();
    },
  };
  let base = '';
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', async () => {
      try {
        const url = new URL(req.url ?? '/', base);
        if (!(PAGE_PATHS as readonly string[]).includes(url.pathname)) return void res.writeHead(404).end();
        const pool = (await s.store.pools.get(poolId))!;
        const r = await handlePage(
          {
            method: req.method ?? 'GET',
            path: url.pathname,
            query: url.searchParams,
            form: new URLSearchParams(req.method === 'POST' ? Buffer.concat(chunks).toString('utf8') : ''),
            cookies: parseCookies(req.headers.cookie),
            pool,
            baseUrl: base,
            ctx: { requestId: 'r', sourceIp: '127.0.0.1', deps: s.deps, services },
          },
          authorizer,
        );
        res.writeHead(r.status, r.headers).end(r.body);
      } catch (e) {
        res.writeHead(500, { 'content-type': 'text/plain' }).end(String((e as Error).stack));
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://localhost:${(server.address() as AddressInfo).port}`;
  return { url: base, close: () => new Promise((resolve) => server.close(() => resolve())) };
}
