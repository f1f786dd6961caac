/**
 * The breached-password list (docs/threat-protection.md "Compromised credentials"): the `passwords-common` dictionary
 * of @zxcvbn-ts/language-common, ~49,000 of the most common passwords of published breach corpora, all lower case.
 * Loaded on first use — never at start-up, and only for pools with threat protection on — and kept as a Set.
 */
let loading: Promise<ReadonlySet<string>> | undefined;

function load(): Promise<ReadonlySet<string>> {
  loading ??= import('@zxcvbn-ts/language-common').then((m) => {
    const words = (m.dictionary as Record<string, unknown>)['passwords-common'];
    if (!Array.isArray(words)) throw new Error('@zxcvbn-ts/language-common has no passwords-common list');
    return new Set(words.map((w) => String(w)));
  });
  return loading;
}

/** Whether the password, lower-cased, is on the list. */
export async function isBreachedPassword(password: string): Promise<boolean> {
  return (await load()).has(password.toLowerCase());
}
