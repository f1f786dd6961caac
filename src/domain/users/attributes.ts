import type { AttributeType, UserType } from '@aws-sdk/client-cognito-identity-provider';
import type { ClientRecord, PoolRecord, UserRecord } from '../../store/types.js';
import { invalidParameter, notAuthorized } from '../errors.js';
import { mfaOptions, mfaView } from '../mfa/state.js';
import { readAttributes, writeAttributes } from '../clients/config.js';
import { aliasAttributes, attributesRequireVerificationBeforeUpdate, schemaAttributes } from '../pools/config.js';
import type { SchemaAttribute } from './schema.js';
import { attributeList } from './users.js';

/**
 * User attributes against the pool schema, with Cognito's messages, and the user views of the API.
 *
 * Two message families (both captured from the real service, docs/compatibility.md "Users"):
 * - SignUp / AdminCreateUser: `Attributes did not conform to the schema: <name>: <problem>` — schema problems are
 *   one line each, ended by a newline (`custom:x: Attribute does not exist in the schema.\n`); missing required
 *   attributes are joined with `, ` (`given_name: The attribute given_name is required`).
 * - (Admin)UpdateUserAttributes / (Admin)DeleteUserAttributes: `user.<name>: <problem>\n` per attribute.
 * https://docs.aws.amazon.com/cognito/latest/developerguide/user-pool-settings-attributes.html
 */

export type Attributes = Record<string, string>;

export const VERIFIABLE = ['email', 'phone_number'] as const;
export type VerifiableAttribute = (typeof VERIFIABLE)[number];
export const isVerifiable = (name: string): name is VerifiableAttribute => (VERIFIABLE as readonly string[]).includes(name);
const VERIFIED_FLAGS = new Set(['email_verified', 'phone_number_verified']);

export const INVALID_EMAIL = 'Invalid email address format.';
export const INVALID_PHONE = 'Invalid phone number format.';
export const UNAUTHORIZED_WRITE = 'A client attempted to write unauthorized attribute';

export function schemaAttribute(pool: PoolRecord, name: string): SchemaAttribute | undefined {
  return schemaAttributes(pool).find((a) => a.Name === name);
}

/** An AttributeType list as a map; a name given twice keeps its last value, as Cognito does. */
export function attributeMap(list: AttributeType[] | undefined): Attributes {
  const out: Attributes = {};
  for (const a of list ?? []) if (a?.Name !== undefined) out[a.Name] = a.Value ?? '';
  return out;
}

// ---- value checks ----

// E.164-style: '+', a non-zero digit, 1–15 digits in all (https://docs.aws.amazon.com/cognito/latest/developerguide/user-pool-settings-attributes.html "phone_number").
const PHONE = /^\+[1-9]\d{1,14}$/;
// A pragmatic address check: one '@', no spaces, a dot in the domain.
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export const isEmail = (v: string) => EMAIL.test(v);
export const isPhoneNumber = (v: string) => PHONE.test(v);

/** Format errors are whole messages in Cognito (not per-attribute lines). */
function checkFormats(attrs: Attributes): void {
  if (attrs.email !== undefined && !isEmail(attrs.email)) throw invalidParameter(INVALID_EMAIL);
  if (attrs.phone_number !== undefined && !isPhoneNumber(attrs.phone_number)) throw invalidParameter(INVALID_PHONE);
}

/** A *_verified flag needs the value it speaks about (in the request or already on the user). */
export function checkVerifiedFlags(attrs: Attributes): void {
  if (attrs.email_verified !== undefined && !attrs.email) throw invalidParameter('Email is required to verify/un-verify an email');
  if (attrs.phone_number_verified !== undefined && !attrs.phone_number) {
    throw invalidParameter('Phone number is required to verify/un-verify a phone number');
  }
}

/**
 * With email or phone as an alias (AliasAttributes), the user name itself may not look like one: it would be
 * ambiguous at sign-in (captured message for email; the phone variant follows the same pattern).
 */
export function checkUsernameForAliases(pool: PoolRecord, username: string): void {
  const aliases = aliasAttributes(pool);
  if (aliases.includes('email') && isEmail(username)) {
    throw invalidParameter('Username cannot be of email format, since user pool is configured for email alias.');
  }
  if (aliases.includes('phone_number') && isPhoneNumber(username)) {
    throw invalidParameter('Username cannot be of phone number format, since user pool is configured for phone number alias.');
  }
}

/** Constraint problem of one value against its schema entry, or undefined. */
function valueProblem(schema: SchemaAttribute, value: string): string | undefined {
  switch (schema.AttributeDataType) {
    case 'Boolean':
      if (!/^(true|false)$/i.test(value)) return 'Attribute value must be true or false';
      return undefined;
    case 'Number': {
      if (value === '' || !Number.isFinite(Number(value))) return 'Attribute value must be a number';
      const n = Number(value);
      const c = schema.NumberAttributeConstraints ?? {};
      if (c.MinValue !== undefined && c.MinValue !== '' && n < Number(c.MinValue)) return `Number must be no less than ${c.MinValue}`;
      if (c.MaxValue !== undefined && c.MaxValue !== '' && n > Number(c.MaxValue)) return `Number must be no greater than ${c.MaxValue}`;
      return undefined;
    }
    case 'String': {
      const c = schema.StringAttributeConstraints ?? {};
      if (c.MaxLength !== undefined && c.MaxLength !== '' && value.length > Number(c.MaxLength)) return `String must be no longer than ${c.MaxLength} characters`;
      if (c.MinLength !== undefined && c.MinLength !== '' && value.length > 0 && value.length < Number(c.MinLength)) return `String must be no shorter than ${c.MinLength} characters`;
      return undefined;
    }
    default:
      return undefined;
  }
}

/** Booleans are stored as Cognito returns them: "true" / "false". */
function normalise(schema: SchemaAttribute | undefined, value: string): string {
  return schema?.AttributeDataType === 'Boolean' ? value.toLowerCase() : value;
}

function requiredMissing(pool: PoolRecord, attrs: Attributes): string[] {
  return schemaAttributes(pool)
    .filter((a) => a.Required && a.Name !== 'sub' && (attrs[a.Name] === undefined || attrs[a.Name] === ''))
    .map((a) => a.Name);
}

/**
 * Attributes of a new user (SignUp, AdminCreateUser). `requireRequired`: SignUp refuses a user without the
 * pool's required attributes; AdminCreateUser does not (the user supplies them at the first sign-in, in the
 * NEW_PASSWORD_REQUIRED challenge — AdminCreateUser UserAttributes docs). Returns the normalised attributes.
 */
export function checkNewUserAttributes(pool: PoolRecord, attrs: Attributes, opts: { requireRequired: boolean }): Attributes {
  const lines: string[] = [];
  const out: Attributes = {};
  for (const [name, value] of Object.entries(attrs)) {
    const schema = schemaAttribute(pool, name);
    if (!schema) lines.push(`${name}: Attribute does not exist in the schema.`);
    else if (name === 'sub') lines.push(`${name}: Attribute cannot be updated.`);
    else {
      const problem = valueProblem(schema, value);
      if (problem) lines.push(`${name}: ${problem}`);
    }
    out[name] = normalise(schema, value);
  }
  if (lines.length) throw invalidParameter(`Attributes did not conform to the schema: ${lines.map((l) => `${l}\n`).join('')}`);
  checkFormats(out);
  checkVerifiedFlags(out);
  if (opts.requireRequired) checkRequiredAttributes(pool, out);
  return out;
}

/** SignUp: every attribute the schema marks Required must have a value. */
export function checkRequiredAttributes(pool: PoolRecord, attrs: Attributes): void {
  const missing = requiredMissing(pool, attrs);
  if (missing.length) {
    throw invalidParameter(`Attributes did not conform to the schema: ${missing.map((n) => `${n}: The attribute ${n} is required`).join(', ')}`);
  }
}

/** Names and values of an update (Admin)UpdateUserAttributes, checked: existence, mutability, constraints, formats. */
export function checkAttributeUpdate(pool: PoolRecord, changes: Attributes): Attributes {
  const lines: string[] = [];
  const out: Attributes = {};
  for (const [name, value] of Object.entries(changes)) {
    const schema = schemaAttribute(pool, name);
    if (!schema) lines.push(`user.${name}: Attribute does not exist in the schema.`);
    else if (!schema.Mutable) lines.push(`user.${name}: Attribute cannot be updated.`);
    else {
      const problem = valueProblem(schema, value);
      if (problem) lines.push(`user.${name}: ${problem}`);
    }
    out[name] = normalise(schema, value);
  }
  if (lines.length) throw invalidParameter(lines.map((l) => `${l}\n`).join(''));
  checkFormats(out);
  return out;
}

/** Names of (Admin)DeleteUserAttributes, checked: they must exist, be mutable and not be required. */
export function checkAttributeDeletion(pool: PoolRecord, names: string[]): void {
  const lines: string[] = [];
  for (const name of names) {
    const schema = schemaAttribute(pool, name);
    if (!schema) lines.push(`user.${name}: Attribute does not exist in the schema.`);
    else if (!schema.Mutable) lines.push(`user.${name}: Attribute cannot be updated.`);
    else if (schema.Required) lines.push(`user.${name}: Required attribute cannot be deleted.`);
  }
  if (lines.length) throw invalidParameter(lines.map((l) => `${l}\n`).join(''));
}

// ---- app-client permissions ----

/**
 * What an app client may write (SignUp, UpdateUserAttributes): its WriteAttributes when set, else every
 * non-developer attribute; never the *_verified flags, which only verification and administrators set.
 */
export function checkClientWrite(client: ClientRecord, names: string[]): void {
  const allowed = writeAttributes(client);
  for (const name of names) {
    const denied = VERIFIED_FLAGS.has(name) || name.startsWith('dev:') || (allowed !== undefined && !allowed.includes(name));
    if (denied) throw notAuthorized(UNAUTHORIZED_WRITE);
  }
}

/** Whether an app client may read an attribute: its ReadAttributes when set (sub always), never dev: ones. */
export function isReadable(client: ClientRecord | undefined, name: string): boolean {
  if (name.startsWith('dev:')) return false;
  const allowed = client ? readAttributes(client) : undefined;
  return name === 'sub' || !allowed || allowed.includes(name);
}

/** The attributes an app client may read (GetUser, and the ID token's claims). */
export function readableAttributes(client: ClientRecord | undefined, user: UserRecord): AttributeType[] {
  return attributeList(user).filter((a) => isReadable(client, a.Name));
}

/**
 * CreateUserPoolClient / UpdateUserPoolClient: ReadAttributes must name attributes of the pool's schema, and
 * WriteAttributes mutable ones (not `sub`), or Cognito refuses the client with `Invalid read|write attributes
 * specified while creating|updating a client` (aws/aws-cdk#20760 and #2608, aws-amplify/amplify-cli#12887,
 * aws/aws-sdk-java#1395).
 */
export function checkClientAttributePermissions(pool: PoolRecord, config: { ReadAttributes?: string[]; WriteAttributes?: string[] }, action: 'creating' | 'updating'): void {
  for (const name of config.ReadAttributes ?? []) {
    if (!schemaAttribute(pool, name)) throw invalidParameter(`Invalid read attributes specified while ${action} a client`);
  }
  for (const name of config.WriteAttributes ?? []) {
    const schema = schemaAttribute(pool, name);
    if (!schema || !schema.Mutable || name === 'sub') throw invalidParameter(`Invalid write attributes specified while ${action} a client`);
  }
}

// ---- applying changes ----

export interface PendingAttributes {
  /** New email/phone values waiting for verification (UserAttributeUpdateSettings). */
  [name: string]: string;
}

export function pendingAttributes(user: UserRecord): PendingAttributes {
  return ((user.data as { pendingAttributes?: PendingAttributes }).pendingAttributes ?? {});
}

function requiresVerificationBeforeUpdate(pool: PoolRecord, name: string): boolean {
  return attributesRequireVerificationBeforeUpdate(pool).includes(name);
}

export interface AttributeChangeResult {
  user: UserRecord;
  /** Email/phone values that changed (or wait for verification) and are not verified: each gets a code. */
  toVerify: VerifiableAttribute[];
}

/**
 * Applies checked attribute changes. A new email or phone number is unverified unless the same request sets its
 * *_verified flag (administrators only); when the pool requires verification before update and the old value was
 * verified, the new value waits in `pendingAttributes` until VerifyUserAttribute, and the old one stays in force.
 * https://docs.aws.amazon.com/cognito/latest/developerguide/user-pool-settings-email-phone-verification.html#user-pool-settings-verifications-verify-attribute-updates
 */
export function applyAttributeChanges(pool: PoolRecord, user: UserRecord, changes: Attributes): AttributeChangeResult {
  const attributes = { ...user.attributes };
  const pending = { ...pendingAttributes(user) };
  const toVerify: VerifiableAttribute[] = [];
  for (const [name, value] of Object.entries(changes)) {
    if (isVerifiable(name)) {
      const flag = `${name}_verified`;
      const flagGiven = changes[flag] !== undefined;
      if (value === attributes[name] && !pending[name]) continue;
      if (!flagGiven && requiresVerificationBeforeUpdate(pool, name) && attributes[flag] === 'true' && attributes[name] !== undefined) {
        if (value === attributes[name]) delete pending[name];
        else {
          pending[name] = value;
          toVerify.push(name);
        }
        continue;
      }
      attributes[name] = value;
      delete pending[name];
      if (!flagGiven) {
        attributes[flag] = 'false';
        toVerify.push(name);
      }
      continue;
    }
    attributes[name] = value;
  }
  const data = { ...user.data };
  if (Object.keys(pending).length) data.pendingAttributes = pending;
  else delete data.pendingAttributes;
  return { user: { ...user, attributes, data }, toVerify };
}

/** Removes attributes; removing email/phone also removes its *_verified flag and any pending new value. */
export function removeAttributes(user: UserRecord, names: string[]): UserRecord {
  const attributes = { ...user.attributes };
  const pending = { ...pendingAttributes(user) };
  for (const name of names) {
    delete attributes[name];
    if (isVerifiable(name)) {
      delete attributes[`${name}_verified`];
      delete pending[name];
    }
  }
  const data = { ...user.data };
  if (Object.keys(pending).length) data.pendingAttributes = pending;
  else delete data.pendingAttributes;
  return { ...user, attributes, data };
}

/** Marks a verifiable attribute verified, taking a pending new value into force. */
export function markVerified(user: UserRecord, name: VerifiableAttribute): UserRecord {
  const pending = { ...pendingAttributes(user) };
  const attributes = { ...user.attributes };
  if (pending[name] !== undefined) {
    attributes[name] = pending[name]!;
    delete pending[name];
  }
  attributes[`${name}_verified`] = 'true';
  const data = { ...user.data };
  if (Object.keys(pending).length) data.pendingAttributes = pending;
  else delete data.pendingAttributes;
  return { ...user, attributes, data };
}

// ---- views ----

/** AdminGetUser. */
export function adminUserView(user: UserRecord) {
  return {
    Username: user.username,
    UserAttributes: attributeList(user),
    UserCreateDate: new Date(user.createdAt),
    UserLastModifiedDate: new Date(user.updatedAt),
    Enabled: user.enabled,
    UserStatus: user.status,
    ...mfaView(user),
  };
}

/** GetUser, as the app client of the access token may read it. */
export function userView(user: UserRecord, client?: ClientRecord) {
  return {
    Username: user.username,
    UserAttributes: readableAttributes(client, user),
    ...mfaView(user),
  };
}

/**
 * UserType (AdminCreateUser, ListUsers). `attributesToGet` limits Attributes (ListUsers AttributesToGet; an
 * empty list returns none, as Cognito does).
 */
export function userTypeView(user: UserRecord, attributesToGet?: string[]): UserType {
  const options = mfaOptions(user);
  return {
    Username: user.username,
    Attributes: attributeList(user, attributesToGet),
    UserCreateDate: new Date(user.createdAt),
    UserLastModifiedDate: new Date(user.updatedAt),
    Enabled: user.enabled,
    UserStatus: user.status,
    ...(options.length ? { MFAOptions: options } : {}),
  };
}
