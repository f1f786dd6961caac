import SETTINGS from './cognito-style.json' with { type: 'json' };

/**
 * The style values Amazon Cognito provides (UseCognitoProvidedValues, and what ReturnMergedResources fills in): the
 * Settings of the AWS CLI reference's `update-managed-login-branding` example
 * (https://docs.aws.amazon.com/cli/latest/reference/cognito-idp/update-managed-login-branding.html), which is the
 * branding editor's default style with its footer and header off, less `signUp` (reserved for future use, as
 * CreateManagedLoginBranding's documentation says). Cognito does not publish its defaults as such: an
 * approximation (docs/compatibility.md, "Managed-login branding"). The values are data, kept in cognito-style.json
 * (the page header and footer, both off, carry the same style in the example).
 */
export const COGNITO_STYLE_SETTINGS: Readonly<Record<string, unknown>> = Object.freeze(SETTINGS);
