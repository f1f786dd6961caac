/**
 * `cognate triggers`: the Lambda trigger invocations the server recorded (GET /_cognate/triggers): each one's trigger
 * source, the event sent, the answer or the error, and how long it took, newest first. Signed and printed as
 * `cognate outbox` is (cli/outbox.ts).
 */
import type { OptionSpec } from './aws/argparse.js';
import type { CliIo } from './aws/index.js';
import { isDict, type PyDict } from './aws/python.js';
import { callDevEndpoint, DEFAULT_ENDPOINT, printResult, runDevCommand } from './outbox.js';

const SPECS: OptionSpec[] = [
  { flag: '--endpoint-url', dest: 'endpoint_url', nargs: 'one' },
  { flag: '--pool-id', dest: 'pool_id', nargs: 'one' },
  { flag: '--username', dest: 'username', nargs: 'one' },
  { flag: '--limit', dest: 'limit', nargs: 'one' },
  { flag: '--output', dest: 'output', nargs: 'one', choices: ['json', 'text', 'table', 'yaml', 'yaml-stream', 'off'] },
  { flag: '--region', dest: 'region', nargs: 'one' },
  { flag: '--profile', dest: 'profile', nargs: 'one' },
  { flag: '--help', dest: 'help', nargs: 'zero', constValue: true },
];

const USAGE = `usage: cognate triggers [--endpoint-url URL] [--pool-id ID] [--username NAME] [--limit N]
                        [--output json|text|table|yaml|yaml-stream|off] [--region R] [--profile P]

Lists the Lambda trigger invocations the server recorded, newest first: trigger source, event, answer or error,
duration. Endpoint: --endpoint-url, else AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER, AWS_ENDPOINT_URL or the
profile's endpoint_url (as for cognate cognito-idp), else ${DEFAULT_ENDPOINT}.
`;

export async function runTriggers(argv: string[], io: CliIo): Promise<number> {
  return runDevCommand(argv, io, { name: 'triggers', specs: SPECS, usage: USAGE }, async (v, limit) => {
    const body = await callDevEndpoint(v, io.env, '/_cognate/triggers', 'the triggers endpoint', [
      ['poolId', v.get('pool_id') as string | undefined],
      ['username', v.get('username') as string | undefined],
      ['limit', limit],
    ]);
    const invocations = isDict(body) && Array.isArray(body.invocations) ? (body.invocations as PyDict[]) : [];
    printResult(io, v, { invocations }, 'Triggers');
    return 0;
  });
}
