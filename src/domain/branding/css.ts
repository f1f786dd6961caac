import { invalidParameter } from '../errors.js';

/**
 * The classic hosted UI's CSS rule (SetUICustomization): only Cognito's class names, each with its own properties,
 * no at-rules and no script. The classes and properties are the developer guide's list ("Customizing hosted UI
 * (classic) branding", https://docs.aws.amazon.com/cognito/latest/developerguide/hosted-ui-classic-branding.html)
 * plus what Cognito's own CSS template sets (socialButton's border-radius and padding, redirect's text-align: the
 * template GetUICustomization returns for a pool that never set any). The messages are cognate's
 * (docs/compatibility.md, "UI customization").
 */
const CLASS_PROPERTIES: Readonly<Record<string, readonly string[]>> = {
  'background-customizable': ['background-color'],
  'banner-customizable': ['padding', 'background-color'],
  'errorMessage-customizable': ['margin', 'padding', 'font-size', 'width', 'background', 'border', 'color', 'box-sizing'],
  'idpButton-customizable': ['height', 'width', 'text-align', 'margin-bottom', 'color', 'background-color', 'border-color'],
  'idpButton-customizable:hover': ['color', 'background-color'],
  'idpDescription-customizable': ['padding-top', 'padding-bottom', 'display', 'font-size', 'color'],
  'inputField-customizable': ['width', 'height', 'color', 'background-color', 'border'],
  'inputField-customizable:focus': ['border-color', 'outline'],
  'label-customizable': ['font-weight', 'color'],
  'legalText-customizable': ['color', 'font-size'],
  'logo-customizable': ['max-width', 'max-height', 'background-color'],
  'passwordCheck-valid-customizable': ['color'],
  'passwordCheck-notValid-customizable': ['color'],
  'redirect-customizable': ['text-align'],
  'socialButton-customizable': ['height', 'text-align', 'width', 'margin-bottom', 'border-radius', 'padding'],
  'submitButton-customizable': ['font-size', 'font-weight', 'margin', 'width', 'height', 'color', 'background-color'],
  'submitButton-customizable:hover': ['color', 'background-color'],
  'textDescription-customizable': ['padding-top', 'padding-bottom', 'display', 'font-size', 'color'],
};

export const CSS_CLASSES: readonly string[] = Object.keys(CLASS_PROPERTIES);

/** Script in a value: a javascript: URL, IE's expression(), or markup that opens a script. */
const SCRIPT = /javascript\s*:|expression\s*\(|<\s*\/?\s*script/i;
const RULE = /([^{}]*)\{([^{}]*)\}/g;

/** Throws InvalidParameterException for CSS the classic hosted UI does not take; the declarations it holds otherwise. */
export function checkUiCss(css: string): Array<{ selector: string; property: string; value: string }> {
  const bare = css.replace(/\/\*[\s\S]*?\*\//g, ' ');
  const atRule = /@[\w-]+/.exec(bare);
  if (atRule) throw invalidParameter(`CSS may not contain ${atRule[0]} statements.`);
  if (SCRIPT.test(bare)) throw invalidParameter('CSS may not contain JavaScript.');
  const declarations: Array<{ selector: string; property: string; value: string }> = [];
  const malformed = () => invalidParameter('CSS is not valid: every rule is a class selector and a block in braces.');
  let end = 0;
  for (const rule of bare.matchAll(RULE)) {
    if (bare.slice(end, rule.index).trim() !== '' || rule[1]!.includes(';')) throw malformed();
    end = rule.index + rule[0].length;
    const selectors = rule[1]!.split(',').map((s) => s.trim());
    for (const selector of selectors) {
      if (!selector.startsWith('.') || !Object.hasOwn(CLASS_PROPERTIES, selector.slice(1))) {
        throw invalidParameter(`CSS class ${selector || '(none)'} is not supported. Use only the classes of Cognito's hosted UI template.`);
      }
    }
    for (const text of rule[2]!.split(';')) {
      if (text.trim() === '') continue;
      const colon = text.indexOf(':');
      const property = (colon < 0 ? text : text.slice(0, colon)).trim().toLowerCase();
      const value = colon < 0 ? '' : text.slice(colon + 1).trim();
      if (value === '') throw invalidParameter(`CSS declaration "${text.trim()}" has no value.`);
      for (const selector of selectors) {
        if (!CLASS_PROPERTIES[selector.slice(1)]!.includes(property)) {
          throw invalidParameter(`CSS property ${property} is not supported for class ${selector}.`);
        }
        declarations.push({ selector, property, value });
      }
    }
  }
  if (bare.slice(end).trim() !== '') throw malformed();
  return declarations;
}
