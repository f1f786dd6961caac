import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * The ceiling: node:http that reads the whole body, parses it as JSON (as cognate's protocol layer must) and answers
 * `{}` with the content type cognate sends. Run as its own process, like cognate, so both pay the same for
 * sockets, HTTP parsing and the event loop; whatever cognate costs beyond it is cognate's own work.
 *   node dist/bench/bare-server.js [port]
 */
export function createBareServer() {
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      let status = 200;
      try {
        JSON.parse(Buffer.concat(chunks).toString('utf8'));
      } catch {
        status = 400;
      }
      const body = status === 200 ? '{}' : '{"__type":"SerializationException"}';
      res.writeHead(status, { 'content-type': 'application/x-amz-json-1.1', 'content-length': Buffer.byteLength(body) });
      res.end(body);
    });
  });
  server.keepAliveTimeout = 65_000;
  return server;
}

if (process.argv[1] && import.meta.url === new URL(`file://${process.argv[1]}`).href) {
  const server = createBareServer();
  server.listen(Number(process.argv[2] ?? 0), '127.0.0.1', () => {
    process.stdout.write(`bare listening on http://127.0.0.1:${(server.address() as AddressInfo).port}\n`);
  });
  process.once('SIGTERM', () => server.close(() => process.exit(0)));
}
