import { invalidParameter } from '../errors.js';

/**
 * The standard attributes every user pool has (DescribeUserPool SchemaAttributes of a new pool), and the rules
 * that come from the schema: mutability, required, custom attributes as `custom:<name>`.
 * https://docs.aws.amazon.com/cognito/latest/developerguide/user-pool-settings-attributes.html
 */
export interface SchemaAttribute {
  Name: string;
  AttributeDataType: 'String' | 'Number' | 'DateTime' | 'Boolean';
  DeveloperOnlyAttribute: boolean;
  Mutable: boolean;
  Required: boolean;
  StringAttributeConstraints?: { MinLength?: string; MaxLength?: string };
  NumberAttributeConstraints?: { MinValue?: string; MaxValue?: string };
}

const str = (Name: string, opts: Partial<SchemaAttribute> = {}, max = '2048', min = '0'): SchemaAttribute => ({
  Name,
  AttributeDataType: 'String',
  DeveloperOnlyAttribute: false,
  Mutable: true,
  Required: false,
  StringAttributeConstraints: { MinLength: min, MaxLength: max },
  ...opts,
});

export const STANDARD_ATTRIBUTES: SchemaAttribute[] = [
  str('sub', { Mutable: false, Required: true }, '2048', '1'),
  str('name'),
  str('given_name'),
  str('family_name'),
  str('middle_name'),
  str('nickname'),
  str('preferred_username'),
  str('profile'),
  str('picture'),
  str('website'),
  str('email'),
  { Name: 'email_verified', AttributeDataType: 'Boolean', DeveloperOnlyAttribute: false, Mutable: true, Required: false },
  str('gender'),
  str('birthdate', {}, '10', '10'),
  str('zoneinfo'),
  str('locale'),
  str('phone_number'),
  { Name: 'phone_number_verified', AttributeDataType: 'Boolean', DeveloperOnlyAttribute: false, Mutable: true, Required: false },
  str('address'),
  { Name: 'updated_at', AttributeDataType: 'Number', DeveloperOnlyAttribute: false, Mutable: true, Required: false, NumberAttributeConstraints: { MinValue: '0' } },
  str('identities', {}, '2048', '0'),
];

export const STANDARD_NAMES = new Set(STANDARD_ATTRIBUTES.map((a) => a.Name));

// Cognito's messages for schemas it refuses (reported from real pools: docs/compatibility.md "Custom attributes and
// the schema"); the constraint ones are cognate's wording.
export const REQUIRED_CUSTOM = 'Required custom attributes are not supported currently.';
export const INVALID_DATA_TYPE = 'Invalid AttributeDataType input, consider using the provided AttributeDataType enum.';
export const standardChange = (name: string) => `You can not change AttributeDataType or set developerOnlyAttribute for standard schema attribute ${name}`;
export const MAX_CUSTOM_ATTRIBUTES = 50;
/** Custom String attributes hold at most 2048 characters (the API reference's StringAttributeConstraintsType). */
const MAX_STRING_LENGTH = 2048;
const DATA_TYPES = new Set(['String', 'Number', 'DateTime', 'Boolean']);

type RawAttribute = Record<string, unknown>;

const isNumeric = (v: unknown): boolean => typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v));

/** Constraints must be numbers and in order; String lengths at most 2048. */
function checkConstraints(name: string, type: string, raw: RawAttribute): void {
  const str = raw.StringAttributeConstraints as { MinLength?: string; MaxLength?: string } | undefined;
  const num = raw.NumberAttributeConstraints as { MinValue?: string; MaxValue?: string } | undefined;
  if (type === 'String' && str) {
    const { MinLength: min, MaxLength: max } = str;
    for (const v of [min, max]) {
      if (v !== undefined && (!isNumeric(v) || !Number.isInteger(Number(v)) || Number(v) < 0 || Number(v) > MAX_STRING_LENGTH)) {
        throw invalidParameter(`Invalid StringAttributeConstraints for attribute ${name}: lengths must be whole numbers from 0 to ${MAX_STRING_LENGTH}.`);
      }
    }
    if (min !== undefined && max !== undefined && Number(min) > Number(max)) {
      throw invalidParameter(`Invalid StringAttributeConstraints for attribute ${name}: MinLength is greater than MaxLength.`);
    }
  }
  if (type === 'Number' && num) {
    const { MinValue: min, MaxValue: max } = num;
    for (const v of [min, max]) {
      if (v !== undefined && !isNumeric(v)) throw invalidParameter(`Invalid NumberAttributeConstraints for attribute ${name}: values must be numbers.`);
    }
    if (min !== undefined && max !== undefined && Number(min) > Number(max)) {
      throw invalidParameter(`Invalid NumberAttributeConstraints for attribute ${name}: MinValue is greater than MaxValue.`);
    }
  }
}

/** A custom attribute (CreateUserPool Schema or AddCustomAttributes) as the pool stores it, or Cognito's refusal. */
export function customAttribute(raw: RawAttribute): SchemaAttribute {
  const name = String(raw.Name ?? '');
  const type = raw.AttributeDataType;
  if (typeof type !== 'string' || !DATA_TYPES.has(type)) throw invalidParameter(INVALID_DATA_TYPE);
  if (raw.Required) throw invalidParameter(REQUIRED_CUSTOM);
  checkConstraints(name, type, raw);
  const custom: SchemaAttribute = {
    Name: raw.DeveloperOnlyAttribute ? `dev:custom:${name}` : `custom:${name}`,
    AttributeDataType: type as SchemaAttribute['AttributeDataType'],
    DeveloperOnlyAttribute: Boolean(raw.DeveloperOnlyAttribute),
    Mutable: raw.Mutable === undefined ? true : Boolean(raw.Mutable),
    Required: false,
  };
  if (custom.AttributeDataType === 'String') custom.StringAttributeConstraints = (raw.StringAttributeConstraints as SchemaAttribute['StringAttributeConstraints']) ?? {};
  if (custom.AttributeDataType === 'Number') custom.NumberAttributeConstraints = (raw.NumberAttributeConstraints as SchemaAttribute['NumberAttributeConstraints']) ?? {};
  return custom;
}

/** The name a custom attribute is known by, whichever of `custom:` / `dev:custom:` it carries. */
const bareCustomName = (name: string) => name.replace(/^(dev:)?custom:/, '');

const customCount = (schema: SchemaAttribute[]) => schema.filter((a) => !STANDARD_NAMES.has(a.Name)).length;

function checkCustomLimit(schema: SchemaAttribute[]): void {
  if (customCount(schema) > MAX_CUSTOM_ATTRIBUTES) {
    throw invalidParameter(`A user pool can have at most ${MAX_CUSTOM_ATTRIBUTES} custom attributes.`);
  }
}

/**
 * AddCustomAttributes: appends to the pool's schema. A name that exists already (as custom: or dev:custom:) is
 * refused with Cognito's message; at most 50 custom attributes in all.
 */
export function addCustomAttributes(schema: SchemaAttribute[], input: RawAttribute[]): SchemaAttribute[] {
  const out = schema.map((a) => structuredClone(a));
  for (const raw of input) {
    const attribute = customAttribute(raw);
    const bare = bareCustomName(attribute.Name);
    if (out.some((a) => !STANDARD_NAMES.has(a.Name) && bareCustomName(a.Name) === bare)) {
      throw invalidParameter(`Existing attribute already has name ${attribute.Name}.`);
    }
    out.push(attribute);
  }
  checkCustomLimit(out);
  return out;
}

/**
 * Merges a CreateUserPool Schema into the standard list: standard attributes may be re-declared (e.g. email
 * Required, Mutable, string constraints) but keep their data type and are never developer-only; others become
 * `custom:<Name>` (developer-only ones `dev:custom:<Name>`), never required. Every entry names its data type.
 */
export function buildSchema(input: Array<Record<string, unknown>> | undefined): SchemaAttribute[] {
  const out: SchemaAttribute[] = STANDARD_ATTRIBUTES.map((a) => structuredClone(a));
  for (const raw of input ?? []) {
    const name = String(raw.Name ?? '');
    const std = out.find((a) => a.Name === name && STANDARD_NAMES.has(name));
    if (!std) {
      out.push(customAttribute(raw));
      continue;
    }
    if (typeof raw.AttributeDataType !== 'string' || !DATA_TYPES.has(raw.AttributeDataType)) throw invalidParameter(INVALID_DATA_TYPE);
    if (raw.AttributeDataType !== std.AttributeDataType || raw.DeveloperOnlyAttribute) throw invalidParameter(standardChange(name));
    checkConstraints(name, std.AttributeDataType, raw);
    if (raw.Required !== undefined) std.Required = Boolean(raw.Required);
    if (raw.Mutable !== undefined) std.Mutable = Boolean(raw.Mutable);
    if (raw.StringAttributeConstraints) std.StringAttributeConstraints = { ...std.StringAttributeConstraints, ...(raw.StringAttributeConstraints as object) };
  }
  checkCustomLimit(out);
  return out;
}
