import type { AddCustomAttributesRequest } from '@aws-sdk/client-cognito-identity-provider';
import { resourceNotFound } from '../domain/errors.js';
import { getPool } from '../domain/pools/pools.js';
import { schemaAttributes } from '../domain/pools/config.js';
import { addCustomAttributes } from '../domain/users/schema.js';
import { operation } from './operation.js';

/** Adds `custom:` (or developer-only `dev:custom:`) attributes to the pool's schema; existing users are unchanged. */
export default operation<AddCustomAttributesRequest, Record<string, never>>('AddCustomAttributes', async (input, { deps }) => {
  const pool = await getPool(deps, input.UserPoolId!);
  const SchemaAttributes = addCustomAttributes(schemaAttributes(pool), (input.CustomAttributes ?? []) as Array<Record<string, unknown>>);
  const next = { ...pool, config: { ...pool.config, SchemaAttributes }, updatedAt: deps.clock.now() };
  if (!(await deps.store.pools.update(next))) throw resourceNotFound(`User pool ${pool.id} does not exist.`);
  return {};
});
