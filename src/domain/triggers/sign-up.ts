import type { PoolRecord, UserRecord } from '../../store/types.js';
import type { Deps } from '../deps.js';
import { invalidParameter } from '../errors.js';
import { optionalBoolean, runTrigger } from './triggers.js';

/**
 * The pre sign-up trigger: the function sees the attributes of the user about to be created and may confirm the user
 * and verify the email or phone on the spot. It runs before anything is written, so a function that fails leaves no
 * user behind. https://docs.aws.amazon.com/cognito/latest/developerguide/user-pool-lambda-pre-sign-up.html
 */
export type PreSignUpSource = 'PreSignUp_SignUp' | 'PreSignUp_AdminCreateUser' | 'PreSignUp_ExternalProvider';

export interface PreSignUpInput {
  clientId?: string | undefined;
  validationData?: Record<string, string> | undefined;
  clientMetadata?: Record<string, string> | undefined;
}

export interface PreSignUpDecision {
  autoConfirmUser: boolean;
  /** The user with email_verified / phone_number_verified set as the function asked. */
  user: UserRecord;
}

export async function preSignUp(deps: Deps, pool: PoolRecord, source: PreSignUpSource, user: UserRecord, input: PreSignUpInput): Promise<PreSignUpDecision> {
  const { sub: _sub, ...userAttributes } = user.attributes;
  const response = await runTrigger(deps, pool, 'PreSignUp', source, {
    userName: user.username,
    clientId: input.clientId,
    request: {
      userAttributes,
      ...(input.validationData ? { validationData: input.validationData } : { validationData: null }),
      ...(input.clientMetadata ? { clientMetadata: input.clientMetadata } : {}),
    },
    response: { autoConfirmUser: false, autoVerifyPhone: false, autoVerifyEmail: false },
  });
  if (!response) return { autoConfirmUser: false, user };
  const autoConfirmUser = optionalBoolean(response, 'autoConfirmUser');
  const autoVerifyEmail = optionalBoolean(response, 'autoVerifyEmail');
  const autoVerifyPhone = optionalBoolean(response, 'autoVerifyPhone');
  // The developer guide: "the email attribute must have a valid, non-null value. Otherwise an error will occur and
  // the user will not be able to complete sign-up" (the error's text is cognate's guess, docs/triggers.md).
  if (autoVerifyEmail && !user.attributes.email) throw invalidParameter('Email is required to verify/un-verify an email');
  if (autoVerifyPhone && !user.attributes.phone_number) throw invalidParameter('Phone number is required to verify/un-verify a phone number');
  const attributes = { ...user.attributes };
  if (autoVerifyEmail) attributes.email_verified = 'true';
  if (autoVerifyPhone) attributes.phone_number_verified = 'true';
  return { autoConfirmUser, user: { ...user, attributes } };
}

/**
 * Pre sign-up for a federated user's first sign-in (PreSignUp_ExternalProvider), for the federation code to call
 * before it writes the new user (its user name is `<ProviderName>_<id>`, its status EXTERNAL_PROVIDER): the function
 * sees the attributes the provider's mapping produced and may verify the email or phone; `autoConfirmUser` has no
 * meaning for a user the provider vouches for. A function that fails fails the sign-in before anything is written; the
 * managed login pages redirect with the OAuth error federatedSignUpError gives.
 * https://docs.aws.amazon.com/cognito/latest/developerguide/user-pool-lambda-pre-sign-up.html
 */
export async function preSignUpExternalProvider(deps: Deps, pool: PoolRecord, user: UserRecord, input: Pick<PreSignUpInput, 'clientId' | 'clientMetadata'>): Promise<UserRecord> {
  return (await preSignUp(deps, pool, 'PreSignUp_ExternalProvider', user, input)).user;
}

/**
 * What the authorization endpoint's redirect carries when a trigger refused a federated sign-up: Cognito sends
 * `error=invalid_request` and the exception's message as `error_description` (*likely*: as reported by apps whose
 * pre sign-up function refused a Google user; docs/triggers.md).
 */
export function federatedSignUpError(e: { message: string }): { error: 'invalid_request'; error_description: string } {
  return { error: 'invalid_request', error_description: `${e.message} ` };
}
