#!/usr/bin/env node
import { ConfigError, loadServerConfig } from './config/config.js';

import { MAIN_USAGE, SERVE_USAGE } from './cli/usage.js';

type Io = { stdout: NodeJS.WriteStream; stderr: NodeJS.WriteStream; env: NodeJS.ProcessEnv; stdin: NodeJS.ReadStream; programName: string };

/** The client commands, each loaded only when it runs (serve's start-up path loads none of them). */
const CLI_COMMANDS = new Map<string, () => Promise<(argv: string[], io: Io) => Promise<number>>>([
  ['cognito-idp', async () => (await import('./cli/aws/index.js')).runCognitoIdp],
  ['outbox', async () => (await import('./cli/outbox.js')).runOutbox],
  ['triggers', async () => (await import('./cli/triggers.js')).runTriggers],
  ['totp', async () => (await import('./cli/totp.js')).runTotp],
]);

/** `cognate <command>`: serve | cognito-idp | outbox | triggers | totp. */
async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  // The entry point hands the process's environment to the commands, which read it only through `io.env` (as the
  // AWS CLI reads AWS_PROFILE, AWS_DEFAULT_REGION…); serve's settings are read by src/config/.
  // eslint-disable-next-line no-restricted-properties -- the one place the CLI's environment comes from
  const io = { stdout: process.stdout, stderr: process.stderr, env: process.env, stdin: process.stdin, programName: 'cognate' };
  const run = command === undefined ? undefined : CLI_COMMANDS.get(command);
  if (run) return (await run())(rest, io);
  switch (command) {
    case 'serve':
      return serve(rest);
    case '--version':
    case '-v': {
      const { versionString } = await import('./cli/aws/index.js');
      process.stdout.write(versionString() + '\n');
      return 0;
    }
    case 'help':
    case '--help':
    case '-h':
      process.stdout.write(MAIN_USAGE);
      return 0;
    case undefined:
      process.stderr.write(MAIN_USAGE);
      return 2;
    default:
      process.stderr.write(`cognate: unknown command '${command}'\n${MAIN_USAGE}`);
      return 2;
  }
}

async function serve(argv: string[]): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) {
    process.stdout.write(SERVE_USAGE);
    return 0;
  }
  let config;
  try {
    config = loadServerConfig(argv);
  } catch (e) {
    if (e instanceof ConfigError || e instanceof SyntaxError) {
      process.stderr.write(`cognate serve: ${e.message}\n(cognate serve --help lists the options)\n`);
      return 2;
    }
    throw e;
  }
  if (config.workers > 1) {
    const { runCluster } = await import('./cli/cluster.js');
    const code = await runCluster(config, { stdout: process.stdout, stderr: process.stderr });
    if (code !== undefined) return code;
  }
  const { startServer } = await import('./cli/serve.js');
  const running = await startServer(config);
  process.stdout.write(`cognate listening on ${running.url} (region ${config.region}, data ${config.store === 'sqlite' ? config.dataDir : 'external store'})\n`);
  const stop = async () => {
    await running.close();
    process.exit(0);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  return new Promise<number>(() => {});
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    process.stderr.write(`cognate: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exitCode = 1;
  },
);
