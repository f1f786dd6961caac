import type { LimitDefinitionType, LimitType } from '@aws-sdk/client-cognito-identity-provider';
import { CognitoError } from '../errors.js';
import { QUOTA_CATEGORIES, isQuotaCategory, type QuotaCategory } from './categories.js';
import type { QuotaLimiter } from './limiter.js';

/**
 * GetProvisionedLimit / UpdateProvisionedLimit: the limits of the API_CATEGORY class, one per quota category
 * (https://docs.aws.amazon.com/cognito/latest/developerguide/quotas.html#provisioned-quotas). Account-level: they
 * take no user pool. The messages are cognate's (docs/compatibility.md, Quotas: no source gives Cognito's).
 */

/** cognate's stand-in for the Service Quotas account-level maximum: ten times the free limit. */
export const ACCOUNT_MAX_FACTOR = 10;

export async function getProvisionedLimit(quotas: QuotaLimiter, definition: LimitDefinitionType): Promise<LimitType> {
  const category = limitCategory(definition);
  return limit(category, await quotas.provisionedLimit(category), quotas.freeLimit(category));
}

/**
 * Changes what is enforced, as in Cognito ("This operation takes effect immediately"): the requested rate must lie
 * between the category's free limit and the account-level maximum, and only adjustable categories take one.
 */
export async function updateProvisionedLimit(quotas: QuotaLimiter, definition: LimitDefinitionType, requested: number): Promise<LimitType> {
  const category = limitCategory(definition);
  if (!QUOTA_CATEGORIES[category].adjustable) {
    throw new CognitoError('InvalidParameterException', `Only adjustable quota categories support provisioning: ${category} is not adjustable.`);
  }
  const free = quotas.freeLimit(category);
  if (requested < free) {
    throw new CognitoError('InvalidParameterException', `RequestedLimitValue must be at least the default limit of ${category} (${free}).`);
  }
  const max = ACCOUNT_MAX_FACTOR * free;
  if (requested > max) {
    throw new CognitoError('ServiceQuotaExceededException', `RequestedLimitValue exceeds the account-level maximum limit of ${category} (${max}).`);
  }
  await quotas.setProvisionedLimit(category, requested);
  return limit(category, requested, free);
}

function limitCategory(definition: LimitDefinitionType): QuotaCategory {
  const attributes = definition.Attributes ?? {};
  for (const key of Object.keys(attributes)) {
    if (key !== 'Category') throw new CognitoError('InvalidParameterException', `Limit class API_CATEGORY has no attribute ${key.slice(0, 128)}; it takes Category.`);
  }
  const category = attributes.Category;
  if (category === undefined) throw new CognitoError('InvalidParameterException', 'Limit class API_CATEGORY requires the Category attribute.');
  if (!isQuotaCategory(category)) throw new CognitoError('ResourceNotFoundException', `No limit found for API_CATEGORY ${category.slice(0, 128)}.`);
  return category;
}

function limit(category: QuotaCategory, provisioned: number, free: number): LimitType {
  return {
    LimitDefinition: { LimitClass: 'API_CATEGORY', Attributes: { Category: category } },
    ProvisionedLimitValue: provisioned,
    FreeLimitValue: free,
  };
}
