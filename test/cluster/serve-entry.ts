import { loadServerConfig } from '../../src/config/config.js';

/**
 * `cognate serve` as src/main.ts runs it, with the cluster hook (the same lines go into main.ts): the cluster
 * tests start this file, and the primary re-runs it in every worker.
 */
const config = loadServerConfig(process.argv.slice(2));
let code: number | undefined;
if (config.workers > 1) {
  const { runCluster } = await import('../../src/cli/cluster.js');
  code = await runCluster(config, { stdout: process.stdout, stderr: process.stderr });
}
if (code !== undefined) {
  process.exitCode = code;
} else {
  const { startServer } = await import('../../src/cli/serve.js');
  try {
    const running = await startServer(config);
    process.stdout.write(`cognate listening on ${running.url} (region ${config.region})\n`);
    const stop = async () => {
      await running.close();
      process.exit(0);
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  } catch (e) {
    process.stderr.write(`cognate: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exitCode = 1;
  }
}
