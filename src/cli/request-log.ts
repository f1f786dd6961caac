import type { Server } from 'node:http';
import type { Logger } from '../platform/log.js';

/**
 * `--log-level info`: one line per request with the operation, the HTTP status and the duration. Only the
 * operation name (from X-Amz-Target) or the path without its query string is logged, never a header value,
 * a body or a query parameter, so no token, code or password can reach the log.
 */
export function logRequests(server: Server, log: Logger): void {
  server.on('request', (req, res) => {
    const started = process.hrtime.bigint();
    res.once('finish', () => {
      const target = req.headers['x-amz-target'];
      const op = typeof target === 'string' ? target.slice(target.lastIndexOf('.') + 1) : '';
      const operation = /^[A-Za-z0-9]{1,64}$/.test(op) ? op : `${req.method ?? ''} ${(req.url ?? '').split('?')[0]!.slice(0, 200)}`;
      const ms = Math.round(Number(process.hrtime.bigint() - started) / 1e4) / 100;
      log.info('request', { operation, status: res.statusCode, ms });
    });
  });
}
