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

/**
 * Merges a CreateUserPool Schema into the standard list: standard attributes may be re-declared (e.g. email
 * Required), others become `custom:<Name>` (developer-only ones `dev:custom:<Name>`).
 */
export function buildSchema(input: Array<Record<string, unknown>> | undefined): SchemaAttribute[] {
  const out: SchemaAttribute[] = STANDARD_ATTRIBUTES.map((a) => structuredClone(a));
  for (const raw of input ?? []) {
    const name = String(raw.Name ?? '');
    const std = out.find((a) => a.Name === name);
    if (std) {
      if (raw.Required !== undefined) std.Required = Boolean(raw.Required);
      if (raw.Mutable !== undefined) std.Mutable = Boolean(raw.Mutable);
      if (raw.StringAttributeConstraints) std.StringAttributeConstraints = { ...std.StringAttributeConstraints, ...(raw.StringAttributeConstraints as object) };
      continue;
    }
    const custom: SchemaAttribute = {
      Name: raw.DeveloperOnlyAttribute ? `dev:custom:${name}` : `custom:${name}`,
      AttributeDataType: (raw.AttributeDataType as SchemaAttribute['AttributeDataType']) ?? 'String',
      DeveloperOnlyAttribute: Boolean(raw.DeveloperOnlyAttribute),
      Mutable: raw.Mutable === undefined ? true : Boolean(raw.Mutable),
      Required: Boolean(raw.Required),
    };
    if (custom.AttributeDataType === 'String') custom.StringAttributeConstraints = (raw.StringAttributeConstraints as SchemaAttribute['StringAttributeConstraints']) ?? {};
    if (custom.AttributeDataType === 'Number') custom.NumberAttributeConstraints = (raw.NumberAttributeConstraints as SchemaAttribute['NumberAttributeConstraints']) ?? {};
    out.push(custom);
  }
  return out;
}
