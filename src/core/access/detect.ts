// Cheap first look for content scripts on every console page: true when the text may hold an
// access error worth parsing. Tiny and free of imports, so that it costs nothing to bundle;
// false positives only cost a parse, false negatives lose an error, so it leans to "maybe".

const HINT = new RegExp(
  'not authori[sz]ed|accessdenied|access denied|is denied|unauthorizedop|forbidden|' +
    't have permission|insufficient permission|security token incl|token (has )?expired|' +
    'signature we calc|multifactorauth|durationseconds|invalid principal|prohibited field|' +
    'session credentials|federated login|one or more fields|openidconnect|token audience|' +
    'ciphertext refers|be assumed|used to assume|explicitdeny|credentials from any|' +
    'locate credentials|pass role is not|not allowed to execute|authorization failure|' +
    'invalidclienttokenid|expiredtoken',
  'i',
);

export function mayContainAccessError(text: string): boolean {
  return HINT.test(text);
}
