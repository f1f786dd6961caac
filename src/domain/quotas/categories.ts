import type { OperationName } from '../../../model/names.js';

/**
 * Cognito's request-rate quota categories for user pools, with their default (free) rates in requests per second
 * and whether they can be raised: "Amazon Cognito user pools API operation categories and request rate quotas",
 * https://docs.aws.amazon.com/cognito/latest/developerguide/quotas.html#category_operations. A quota covers one
 * account in one Region, across all its user pools; cognate is one account (docs/security.md, Quotas).
 */
export const QUOTA_CATEGORIES = {
  UserAuthentication: { free: 120, adjustable: true },
  UserCreation: { free: 50, adjustable: true },
  UserFederation: { free: 25, adjustable: true },
  UserAccountRecovery: { free: 30, adjustable: false },
  UserRead: { free: 120, adjustable: true },
  UserUpdate: { free: 25, adjustable: false },
  UserToken: { free: 120, adjustable: true },
  UserResourceRead: { free: 50, adjustable: true },
  UserResourceUpdate: { free: 25, adjustable: false },
  UserList: { free: 30, adjustable: false },
  UserPoolRead: { free: 15, adjustable: false },
  UserPoolUpdate: { free: 15, adjustable: false },
  UserPoolResourceRead: { free: 20, adjustable: false },
  UserPoolResourceUpdate: { free: 15, adjustable: false },
  UserPoolClientRead: { free: 15, adjustable: false },
  UserPoolClientUpdate: { free: 15, adjustable: false },
  ClientAuthentication: { free: 150, adjustable: false },
  LimitManagement: { free: 1, adjustable: false },
} as const satisfies Record<string, { free: number; adjustable: boolean }>;

export type QuotaCategory = keyof typeof QUOTA_CATEGORIES;
export const CATEGORY_NAMES = Object.keys(QUOTA_CATEGORIES) as QuotaCategory[];

export function isQuotaCategory(name: string): name is QuotaCategory {
  return Object.prototype.hasOwnProperty.call(QUOTA_CATEGORIES, name);
}

/**
 * The category of every operation of the model. Typed over the model's operation names, so an operation added to
 * the model without a category here does not compile (and src/domain/quotas/categories.test.ts checks it at run
 * time against the model file). `documented: false` marks operations the Cognito page does not list yet; cognate
 * puts them with their nearest documented siblings (docs/compatibility.md, Quotas: a guess).
 *
 * RespondToAuthChallenge and AdminRespondToAuthChallenge are special (limiter.ts): NEW_PASSWORD_REQUIRED answers count
 * toward UserAccountRecovery, the others toward their own allowance of three times UserAuthentication, then toward
 * UserAuthentication itself.
 */
export const OPERATION_CATEGORIES: { readonly [O in OperationName]: { readonly category: QuotaCategory; readonly documented: boolean } } = {
  InitiateAuth: doc('UserAuthentication'),
  RespondToAuthChallenge: doc('UserAuthentication'),
  AdminInitiateAuth: doc('UserAuthentication'),
  AdminRespondToAuthChallenge: doc('UserAuthentication'),
  GetTokensFromRefreshToken: doc('UserAuthentication'),

  SignUp: doc('UserCreation'),
  ConfirmSignUp: doc('UserCreation'),
  AdminCreateUser: doc('UserCreation'),
  AdminConfirmSignUp: doc('UserCreation'),

  ChangePassword: doc('UserAccountRecovery'),
  ConfirmForgotPassword: doc('UserAccountRecovery'),
  ForgotPassword: doc('UserAccountRecovery'),
  AdminResetUserPassword: doc('UserAccountRecovery'),
  AdminSetUserPassword: doc('UserAccountRecovery'),

  AdminGetUser: doc('UserRead'),
  AdminGetUserAuthFactors: doc('UserRead'),
  GetUser: doc('UserRead'),
  GetUserAuthFactors: guess('UserRead'),

  AdminAddUserToGroup: doc('UserUpdate'),
  AdminDeleteUserAttributes: doc('UserUpdate'),
  AdminUpdateUserAttributes: doc('UserUpdate'),
  AdminDeleteUser: doc('UserUpdate'),
  AdminDisableUser: doc('UserUpdate'),
  AdminEnableUser: doc('UserUpdate'),
  AdminLinkProviderForUser: doc('UserUpdate'),
  AdminDisableProviderForUser: doc('UserUpdate'),
  VerifyUserAttribute: doc('UserUpdate'),
  DeleteUser: doc('UserUpdate'),
  DeleteUserAttributes: doc('UserUpdate'),
  UpdateUserAttributes: doc('UserUpdate'),
  AdminUserGlobalSignOut: doc('UserUpdate'),
  GlobalSignOut: doc('UserUpdate'),
  AdminRemoveUserFromGroup: doc('UserUpdate'),

  RevokeToken: doc('UserToken'),

  AdminGetDevice: doc('UserResourceRead'),
  AdminListGroupsForUser: doc('UserResourceRead'),
  AdminListDevices: doc('UserResourceRead'),
  GetDevice: doc('UserResourceRead'),
  ListDevices: doc('UserResourceRead'),
  GetUserAttributeVerificationCode: doc('UserResourceRead'),
  ResendConfirmationCode: doc('UserResourceRead'),
  AdminListUserAuthEvents: doc('UserResourceRead'),
  ListWebAuthnCredentials: guess('UserResourceRead'),

  AdminForgetDevice: doc('UserResourceUpdate'),
  AdminUpdateAuthEventFeedback: doc('UserResourceUpdate'),
  AdminSetUserMFAPreference: doc('UserResourceUpdate'),
  AdminSetUserSettings: doc('UserResourceUpdate'),
  AdminUpdateDeviceStatus: doc('UserResourceUpdate'),
  UpdateDeviceStatus: doc('UserResourceUpdate'),
  UpdateAuthEventFeedback: doc('UserResourceUpdate'),
  ConfirmDevice: doc('UserResourceUpdate'),
  SetUserMFAPreference: doc('UserResourceUpdate'),
  SetUserSettings: doc('UserResourceUpdate'),
  VerifySoftwareToken: doc('UserResourceUpdate'),
  AssociateSoftwareToken: doc('UserResourceUpdate'),
  ForgetDevice: doc('UserResourceUpdate'),
  StartWebAuthnRegistration: guess('UserResourceUpdate'),
  CompleteWebAuthnRegistration: guess('UserResourceUpdate'),
  DeleteWebAuthnCredential: guess('UserResourceUpdate'),

  ListUsers: doc('UserList'),
  ListUsersInGroup: doc('UserList'),

  DescribeUserPool: doc('UserPoolRead'),
  ListUserPools: doc('UserPoolRead'),
  ListUserPoolReplicas: guess('UserPoolRead'),

  CreateUserPool: doc('UserPoolUpdate'),
  UpdateUserPool: doc('UserPoolUpdate'),
  DeleteUserPool: doc('UserPoolUpdate'),
  CreateUserPoolReplica: guess('UserPoolUpdate'),
  UpdateUserPoolReplica: guess('UserPoolUpdate'),
  DeleteUserPoolReplica: guess('UserPoolUpdate'),

  DescribeIdentityProvider: doc('UserPoolResourceRead'),
  DescribeResourceServer: doc('UserPoolResourceRead'),
  DescribeUserImportJob: doc('UserPoolResourceRead'),
  DescribeUserPoolDomain: doc('UserPoolResourceRead'),
  GetCSVHeader: doc('UserPoolResourceRead'),
  GetGroup: doc('UserPoolResourceRead'),
  GetSigningCertificate: doc('UserPoolResourceRead'),
  GetIdentityProviderByIdentifier: doc('UserPoolResourceRead'),
  GetUserPoolMfaConfig: doc('UserPoolResourceRead'),
  ListGroups: doc('UserPoolResourceRead'),
  ListIdentityProviders: doc('UserPoolResourceRead'),
  ListResourceServers: doc('UserPoolResourceRead'),
  ListTagsForResource: doc('UserPoolResourceRead'),
  ListUserImportJobs: doc('UserPoolResourceRead'),
  DescribeRiskConfiguration: doc('UserPoolResourceRead'),
  GetUICustomization: doc('UserPoolResourceRead'),
  DescribeManagedLoginBranding: doc('UserPoolResourceRead'),
  DescribeManagedLoginBrandingByClient: doc('UserPoolResourceRead'),
  DescribeTerms: guess('UserPoolResourceRead'),
  ListTerms: guess('UserPoolResourceRead'),
  GetLogDeliveryConfiguration: guess('UserPoolResourceRead'),

  AddCustomAttributes: doc('UserPoolResourceUpdate'),
  CreateGroup: doc('UserPoolResourceUpdate'),
  CreateIdentityProvider: doc('UserPoolResourceUpdate'),
  CreateResourceServer: doc('UserPoolResourceUpdate'),
  CreateUserImportJob: doc('UserPoolResourceUpdate'),
  CreateUserPoolDomain: doc('UserPoolResourceUpdate'),
  DeleteGroup: doc('UserPoolResourceUpdate'),
  DeleteIdentityProvider: doc('UserPoolResourceUpdate'),
  DeleteResourceServer: doc('UserPoolResourceUpdate'),
  DeleteUserPoolDomain: doc('UserPoolResourceUpdate'),
  SetUserPoolMfaConfig: doc('UserPoolResourceUpdate'),
  StartUserImportJob: doc('UserPoolResourceUpdate'),
  StopUserImportJob: doc('UserPoolResourceUpdate'),
  UpdateGroup: doc('UserPoolResourceUpdate'),
  UpdateIdentityProvider: doc('UserPoolResourceUpdate'),
  UpdateResourceServer: doc('UserPoolResourceUpdate'),
  UpdateUserPoolDomain: doc('UserPoolResourceUpdate'),
  SetRiskConfiguration: doc('UserPoolResourceUpdate'),
  SetUICustomization: doc('UserPoolResourceUpdate'),
  TagResource: doc('UserPoolResourceUpdate'),
  UntagResource: doc('UserPoolResourceUpdate'),
  CreateManagedLoginBranding: doc('UserPoolResourceUpdate'),
  UpdateManagedLoginBranding: doc('UserPoolResourceUpdate'),
  DeleteManagedLoginBranding: doc('UserPoolResourceUpdate'),
  CreateTerms: guess('UserPoolResourceUpdate'),
  UpdateTerms: guess('UserPoolResourceUpdate'),
  DeleteTerms: guess('UserPoolResourceUpdate'),
  SetLogDeliveryConfiguration: guess('UserPoolResourceUpdate'),

  DescribeUserPoolClient: doc('UserPoolClientRead'),
  ListUserPoolClients: doc('UserPoolClientRead'),
  ListUserPoolClientSecrets: guess('UserPoolClientRead'),

  CreateUserPoolClient: doc('UserPoolClientUpdate'),
  DeleteUserPoolClient: doc('UserPoolClientUpdate'),
  UpdateUserPoolClient: doc('UserPoolClientUpdate'),
  AddUserPoolClientSecret: guess('UserPoolClientUpdate'),
  DeleteUserPoolClientSecret: guess('UserPoolClientUpdate'),

  GetProvisionedLimit: doc('LimitManagement'),
  UpdateProvisionedLimit: doc('LimitManagement'),
};

function doc(category: QuotaCategory) {
  return { category, documented: true };
}
function guess(category: QuotaCategory) {
  return { category, documented: false };
}
