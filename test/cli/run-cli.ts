/**
 * A process entry for tests that need a real process (signals, the Debian aws comparison uses none):
 * `node dist/test/cli/run-cli.js <cognito-idp args...>` runs runCognitoIdp with the process's own streams.
 */
import { runCognitoIdp } from '../../src/cli/aws/index.js';

runCognitoIdp(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr, env: process.env, programName: 'aws' }).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    process.stderr.write(String(e) + '\n');
    process.exitCode = 1;
  },
);
