import { dictionary } from '@zxcvbn-ts/language-common';

/**
 * The most common passwords, as @zxcvbn-ts/language-common ships them: 49,233
 * entries ranked by how often they appear in leaked password sets, all lower
 * case. Shipped inside the package, so nothing is fetched at run time and no
 * password leaves the process. Attackers try these first, whatever the
 * account; a password on the list is refused however long it is.
 */
let common: ReadonlySet<string> | undefined;

/** Loaded once, on first use: about 50,000 short strings. */
function commonPasswords(): ReadonlySet<string> {
  common ??= new Set(dictionary['passwords-common']);
  return common;
}

/** Whether `password` is on the list, ignoring case and surrounding spaces ("Password12" is "password12"). */
export function isCommonPassword(password: string): boolean {
  return commonPasswords().has(password.trim().toLowerCase());
}
