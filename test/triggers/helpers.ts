import { createServer, type IncomingMessage, type Server } from 'node:http';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import type { FunctionTarget } from '../../src/config/config.js';
import { startTestServer, type TestServer, type TestServerOptions } from '../helpers/server.js';

/** The ARN a pool's LambdaConfig names for a function called `name`. */
export const arn = (name: string) => `arn:aws:lambda:us-east-1:000000000000:function:${name}`;

/** A folder of handler modules, written as files (the examples of the developer guide go in unchanged). */
export class HandlerFolder {
  readonly dir = mkdtempSync(join(tmpdir(), 'cognate-handlers-'));
  write(file: string, source: string): string {
    const path = join(this.dir, file);
    writeFileSync(path, source);
    return path;
  }
  remove(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/**
 * A cognate whose trigger functions are mapped as given (COGNATE_FUNCTIONS). The timeout is short so that the
 * handlers that hang do not hold a test for Cognito's 5 s, and long enough for a worker to start on a loaded machine.
 */
export async function startTriggerServer(functions: Record<string, FunctionTarget>, opts: TestServerOptions & { timeoutMs?: number } = {}): Promise<TestServer> {
  return startTestServer({
    ...opts,
    env: { COGNATE_FUNCTIONS: JSON.stringify(functions), COGNATE_FUNCTION_TIMEOUT_MS: String(opts.timeoutMs ?? 2000), ...(opts.env ?? {}) },
  });
}

export interface Received {
  path: string;
  headers: IncomingMessage['headers'];
  body: string;
  event: any;
}

/** A local HTTP server playing a function: records what it received and answers with `answer(event)`. */
export interface FunctionAnswer {
  status?: number;
  headers?: Record<string, string>;
  body: unknown;
}

export async function startFunctionServer(
  answer: (event: any, req: Received) => FunctionAnswer | Promise<FunctionAnswer>,
): Promise<{ url: string; received: Received[]; close(): Promise<void> }> {
  const received: Received[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', async () => {
      const body = Buffer.concat(chunks).toString('utf8');
      let event: unknown;
      try {
        event = JSON.parse(body);
      } catch {
        event = undefined;
      }
      const r: Received = { path: req.url ?? '', headers: req.headers, body, event };
      received.push(r);
      const out = await answer(event, r);
      res.writeHead(out.status ?? 200, { 'content-type': 'application/json', ...(out.headers ?? {}) });
      res.end(typeof out.body === 'string' ? out.body : JSON.stringify(out.body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    received,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/**
 * A trigger server with a folder of handler modules and a recording HTTP function (it answers each event unchanged),
 * for a suite's before/after: `functions` maps names to targets, given the folder and the recorder's URL.
 */
export interface TriggerFixture {
  s: TestServer;
  handlers: HandlerFolder;
  recorder: Awaited<ReturnType<typeof startFunctionServer>>;
  stop(): Promise<void>;
}
export async function startTriggerFixture(functions: (handlers: HandlerFolder, recorderUrl: string) => Record<string, FunctionTarget>): Promise<TriggerFixture> {
  const handlers = new HandlerFolder();
  const recorder = await startFunctionServer((event) => ({ body: event }));
  const s = await startTriggerServer(functions(handlers, recorder.url));
  return {
    s,
    handlers,
    recorder,
    async stop() {
      await s.stop();
      await recorder.close();
      handlers.remove();
    },
  };
}
