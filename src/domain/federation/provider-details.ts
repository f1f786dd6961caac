import { invalidParameter } from '../errors.js';

/**
 * ProviderDetails by ProviderType, as the API reference's ProviderDetails member describes them: the keys a create
 * or update request must give, the keys it may give (including the ones Describe shows, which tools such as
 * Terraform send back), and the keys Cognito fills in itself for the social providers (their fixed endpoints).
 * https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_CreateIdentityProvider.html#CognitoUserPools-CreateIdentityProvider-request-ProviderDetails
 */
export type ProviderType = 'SAML' | 'Facebook' | 'Google' | 'LoginWithAmazon' | 'SignInWithApple' | 'OIDC';

interface TypeRules {
  required: string[];
  /** The message when a required key is missing (docs/compatibility.md "Identity providers"). */
  missing: string;
  accepted: string[];
}

const SOCIAL_DERIVED_KEYS = ['attributes_url', 'attributes_url_add_attributes', 'authorize_url', 'token_request_method', 'token_url'];
const SOCIAL_MISSING = 'client_id, client_secret and authorize_scopes are all required idp details.';

const RULES: Record<ProviderType, TypeRules> = {
  Google: { required: ['client_id', 'client_secret', 'authorize_scopes'], missing: SOCIAL_MISSING, accepted: [...SOCIAL_DERIVED_KEYS, 'oidc_issuer'] },
  Facebook: { required: ['client_id', 'client_secret', 'authorize_scopes'], missing: SOCIAL_MISSING, accepted: [...SOCIAL_DERIVED_KEYS, 'api_version'] },
  LoginWithAmazon: { required: ['client_id', 'client_secret', 'authorize_scopes'], missing: SOCIAL_MISSING, accepted: SOCIAL_DERIVED_KEYS },
  SignInWithApple: {
    required: ['client_id', 'team_id', 'key_id', 'private_key', 'authorize_scopes'],
    missing: 'client_id, team_id, key_id, private_key and authorize_scopes are all required idp details.',
    accepted: [...SOCIAL_DERIVED_KEYS, 'oidc_issuer'],
  },
  OIDC: {
    required: ['client_id', 'authorize_scopes', 'oidc_issuer', 'attributes_request_method'],
    missing: 'client_id, authorize_scopes, oidc_issuer and attributes_request_method are all required idp details.',
    // The four endpoints are what Cognito otherwise discovers from oidc_issuer's openid-configuration.
    accepted: ['client_secret', 'authorize_url', 'token_url', 'attributes_url', 'jwks_uri', 'attributes_url_add_attributes'],
  },
  SAML: {
    required: [],
    missing: '',
    accepted: ['MetadataURL', 'MetadataFile', 'IDPSignout', 'IDPInit', 'EncryptedResponses', 'RequestSigningAlgorithm', 'ActiveEncryptionCertificate', 'SSORedirectBindingURI', 'SLORedirectBindingURI'],
  },
};

/** What Describe shows beyond the stored keys: the social providers' fixed endpoints, and what SAML metadata says. */
export const DERIVED_DETAILS: Record<ProviderType, (details: Record<string, string>) => Record<string, string>> = {
  Google: () => ({
    attributes_url: 'https://people.googleapis.com/v1/people/me?personFields=',
    attributes_url_add_attributes: 'true',
    authorize_url: 'https://accounts.google.com/o/oauth2/v2/auth',
    oidc_issuer: 'https://accounts.google.com',
    token_request_method: 'POST',
    token_url: 'https://www.googleapis.com/oauth2/v4/token',
  }),
  Facebook: (d) => {
    const v = d.api_version ? `/${d.api_version}` : '';
    return {
      attributes_url: `https://graph.facebook.com${v}/me?fields=`,
      attributes_url_add_attributes: 'true',
      authorize_url: `https://www.facebook.com${v}/dialog/oauth`,
      token_request_method: 'GET',
      token_url: `https://graph.facebook.com${v}/oauth/access_token`,
    };
  },
  LoginWithAmazon: () => ({
    attributes_url: 'https://api.amazon.com/user/profile',
    attributes_url_add_attributes: 'false',
    authorize_url: 'https://www.amazon.com/ap/oa',
    token_request_method: 'POST',
    token_url: 'https://api.amazon.com/auth/o2/token',
  }),
  SignInWithApple: () => ({
    attributes_url_add_attributes: 'false',
    authorize_url: 'https://appleid.apple.com/auth/authorize',
    oidc_issuer: 'https://appleid.apple.com',
    token_request_method: 'POST',
    token_url: 'https://appleid.apple.com/auth/token',
  }),
  OIDC: (d) => ({ attributes_url_add_attributes: d.attributes_url_add_attributes ?? 'false' }),
  SAML: (d) => (d.MetadataFile === undefined ? {} : samlBindings(d.MetadataFile)),
};

const BOOLEAN_DETAILS = ['IDPSignout', 'IDPInit', 'EncryptedResponses', 'attributes_url_add_attributes'];
/** Keys Cognito derives: accepted on input (tools send Describe's output back) but never stored, Describe recomputes them. */
const DERIVED_ONLY: Record<ProviderType, string[]> = {
  Google: [...SOCIAL_DERIVED_KEYS, 'oidc_issuer'],
  Facebook: SOCIAL_DERIVED_KEYS,
  LoginWithAmazon: SOCIAL_DERIVED_KEYS,
  SignInWithApple: [...SOCIAL_DERIVED_KEYS, 'oidc_issuer'],
  OIDC: [],
  SAML: ['ActiveEncryptionCertificate', 'SSORedirectBindingURI', 'SLORedirectBindingURI'],
};

/** Checks a ProviderDetails map for its type; returns the keys to store. */
export function checkProviderDetails(type: ProviderType, details: Record<string, string>): Record<string, string> {
  const rules = RULES[type];
  for (const key of Object.keys(details)) {
    if (!rules.required.includes(key) && !rules.accepted.includes(key)) throw invalidParameter(`${key} is not a supported idp detail for ${type} identity providers.`);
  }
  if (rules.required.some((k) => !details[k])) throw invalidParameter(rules.missing);
  for (const key of BOOLEAN_DETAILS) {
    if (details[key] !== undefined && details[key] !== 'true' && details[key] !== 'false') throw invalidParameter(`${key} must be true or false.`);
  }
  if (type === 'OIDC' && details.attributes_request_method !== 'GET' && details.attributes_request_method !== 'POST') {
    throw invalidParameter('attributes_request_method must be GET or POST.');
  }
  if (type === 'SAML') checkSaml(details);
  const stored: Record<string, string> = {};
  for (const [k, v] of Object.entries(details)) if (!DERIVED_ONLY[type].includes(k)) stored[k] = v;
  return stored;
}

function checkSaml(d: Record<string, string>): void {
  const url = d.MetadataURL !== undefined && d.MetadataURL !== '';
  const file = d.MetadataFile !== undefined && d.MetadataFile !== '';
  if (url === file) throw invalidParameter('Exactly one of MetadataURL and MetadataFile is required.');
  if (file && !/<(\w+:)?EntityDescriptor[\s>]/.test(d.MetadataFile!)) throw invalidParameter('MetadataFile is not a SAML metadata document (no EntityDescriptor).');
  if (url && !/^https?:\/\/\S+$/.test(d.MetadataURL!)) throw invalidParameter('MetadataURL must be an http or https URL.');
  if (d.RequestSigningAlgorithm !== undefined && d.RequestSigningAlgorithm !== 'rsa-sha256') throw invalidParameter('RequestSigningAlgorithm must be rsa-sha256.');
}

/**
 * The IdP's HTTP-Redirect sign-in and sign-out endpoints, as Describe shows them (SSORedirectBindingURI,
 * SLORedirectBindingURI), read from a metadata document given inline. For a MetadataURL Cognito fetches the document;
 * cognate does not (docs/compatibility.md "Identity providers"), so they stay absent.
 */
function samlBindings(metadata: string): Record<string, string> {
  const out: Record<string, string> = {};
  const find = (element: string): string | undefined => {
    for (const m of metadata.matchAll(new RegExp(`<(?:\\w+:)?${element}\\b[^>]*>`, 'g'))) {
      const tag = m[0];
      if (!tag.includes('urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect')) continue;
      const location = /\bLocation\s*=\s*"([^"]*)"/.exec(tag)?.[1];
      if (location) return location;
    }
    return undefined;
  };
  const sso = find('SingleSignOnService');
  const slo = find('SingleLogoutService');
  if (sso) out.SSORedirectBindingURI = sso;
  if (slo) out.SLORedirectBindingURI = slo;
  return out;
}
