import type { LogConfigurationType, LogDeliveryConfigurationType } from '@aws-sdk/client-cognito-identity-provider';
import type { PoolRecord } from '../../store/types.js';
import type { Deps } from '../deps.js';
import { CognitoError, invalidParameter } from '../errors.js';
import { PoolRecords } from '../pool-records.js';
import { userPoolTier } from './config.js';

/**
 * Log delivery (Get/SetLogDeliveryConfiguration): stored and validated as Cognito documents it; cognate delivers
 * nothing to CloudWatch Logs, S3 or Firehose (docs/compatibility.md). Rules from the LogConfigurationType docs:
 * `userNotification` logs are ERROR-level and go to CloudWatch Logs only; `userAuthEvents` logs are INFO-level,
 * go to any one of the three, and need the Plus feature plan; one configuration per event source, one destination
 * per configuration. https://docs.aws.amazon.com/cognito/latest/developerguide/exporting-quotas-and-usage.html
 */
const records = new PoolRecords<{ configurations: LogConfigurationType[] }>('log-delivery');
const DESTINATIONS = ['CloudWatchLogsConfiguration', 'S3Configuration', 'FirehoseConfiguration'] as const;

export async function getLogDelivery(deps: Pick<Deps, 'store' | 'clock'>, pool: PoolRecord): Promise<LogDeliveryConfigurationType> {
  const stored = await records.get(deps, pool.id, 'config');
  return { UserPoolId: pool.id, LogConfigurations: stored?.configurations ?? [] };
}

export async function setLogDelivery(
  deps: Pick<Deps, 'store' | 'region' | 'accountId'>,
  pool: PoolRecord,
  configurations: LogConfigurationType[],
): Promise<LogDeliveryConfigurationType> {
  const seen = new Set<string>();
  for (const c of configurations) {
    if (seen.has(c.EventSource!)) throw invalidParameter(`Only one log configuration is allowed for the event source ${c.EventSource}.`);
    seen.add(c.EventSource!);
    const destinations = DESTINATIONS.filter((d) => c[d] !== undefined);
    if (destinations.length !== 1) throw invalidParameter('Each log configuration must have exactly one destination.');
    const destination = destinations[0]!;
    if (c.EventSource === 'userNotification') {
      if (c.LogLevel !== 'ERROR') throw invalidParameter('userNotification logs support only the ERROR log level.');
      if (destination !== 'CloudWatchLogsConfiguration') throw invalidParameter('userNotification logs can only be delivered to CloudWatch Logs.');
    } else {
      if (c.LogLevel !== 'INFO') throw invalidParameter('userAuthEvents logs support only the INFO log level.');
      if (userPoolTier(pool) !== 'PLUS') {
        throw new CognitoError('FeatureUnavailableInTierException', 'Exporting user auth events requires the PLUS feature plan.');
      }
    }
    const arn = c.CloudWatchLogsConfiguration?.LogGroupArn ?? c.FirehoseConfiguration?.StreamArn;
    if (destination !== 'S3Configuration' && !arn) throw invalidParameter(`${destination} needs the ARN of its destination.`);
    if (arn && arn.split(':')[4] !== deps.accountId) throw invalidParameter('The log destination must be in the same account as the user pool.');
    if (destination === 'S3Configuration' && !c.S3Configuration?.BucketArn) throw invalidParameter('S3Configuration needs the ARN of its bucket.');
  }
  await records.put(deps, pool.id, 'config', { configurations });
  return { UserPoolId: pool.id, LogConfigurations: configurations };
}
