// Tells a trust policy from an identity policy by the elements only one of them may have, so a
// policy given in the other's place is refused rather than evaluated: read as an identity
// policy, a trust policy's statement without Resource "allows" sts:AssumeRole on any role.

import { getElement, hasElement, statementList } from '../policy/engine.js';

export type PolicyKind = 'identity' | 'trust';

export interface MisplacedPolicy {
  /** The kind the document was given as. */
  givenAs: PolicyKind;
  /** The kind it looks like instead; null when it is a broken policy of the kind given. */
  looksLike: 'trust' | 'resource' | 'identity' | null;
  /** What is wrong, naming the statement at fault, without saying where it was given. */
  reason: string;
}

/** How one front names where a policy was given, and how to give it in the other place. */
export interface WhereGiven {
  /** Where the text came from: `--identity-policy t2.json`, "The identity policy". */
  given: string;
  /** How to give a document as each kind: "pass it with --trust". */
  passAs: Record<PolicyKind, string>;
}

/** A statement as people name it: its Sid in quotes, else its position counted from 1. */
function statementWords(statement: unknown, index: number): string {
  const sid = getElement(statement, 'Sid');
  return typeof sid === 'string' && sid !== '' ? `statement "${sid}"` : `statement ${index + 1}`;
}

const hasResource = (statement: unknown) =>
  hasElement(statement, 'Resource') || hasElement(statement, 'NotResource');

function principalElement(statement: unknown): string | null {
  if (hasElement(statement, 'Principal')) return 'Principal';
  return hasElement(statement, 'NotPrincipal') ? 'NotPrincipal' : null;
}

/**
 * Whether a policy document cannot be of the kind it was given as. An identity policy names no
 * Principal or NotPrincipal and gives every statement a Resource or NotResource. A trust policy
 * is refused only when it is clearly an identity policy: no Principal anywhere and a Resource
 * somewhere; its other faults are the trust checks' to explain.
 */
export function misplacedPolicy(document: unknown, givenAs: PolicyKind): MisplacedPolicy | null {
  const statements = statementList(document).filter(
    (statement) => statement !== null && typeof statement === 'object',
  );
  if (givenAs === 'trust') {
    if (statements.some((statement) => principalElement(statement))) return null;
    const index = statements.findIndex(hasResource);
    const statement = statements[index];
    if (!statement) return null;
    return {
      givenAs,
      looksLike: 'identity',
      reason:
        `no statement names a Principal, and ${statementWords(statement, index)} has a ` +
        'Resource; a trust policy names who may assume the role in Principal and has no Resource',
    };
  }
  for (const [index, statement] of statements.entries()) {
    const principal = principalElement(statement);
    if (!principal) continue;
    const withResource = hasResource(statement);
    return {
      givenAs,
      looksLike: withResource ? 'resource' : 'trust',
      reason: withResource
        ? `${statementWords(statement, index)} names a ${principal}, which an identity policy ` +
          'never does: it applies to whoever it is attached to'
        : `${statementWords(statement, index)} names a ${principal} and has no Resource, while ` +
          'an identity policy names no Principal and gives every statement a Resource',
    };
  }
  const index = statements.findIndex((statement) => !hasResource(statement));
  const statement = statements[index];
  if (!statement) return null;
  return {
    givenAs,
    looksLike: null,
    reason:
      `${statementWords(statement, index)} has no Resource (or NotResource), which every ` +
      'statement of an identity policy needs',
  };
}

const KIND_WORDS: Record<PolicyKind, string> = {
  identity: 'an identity policy',
  trust: 'a trust policy',
};

/** The message for a misplaced policy, in the words of the front it was given through. */
export function describeMisplaced(found: MisplacedPolicy, where: WhereGiven): string {
  const head = `${where.given} is not ${KIND_WORDS[found.givenAs]}: ${found.reason}.`;
  switch (found.looksLike) {
    case 'trust':
      return `${head} This looks like a trust policy; ${where.passAs.trust}.`;
    case 'resource':
      return (
        `${head} This looks like a resource-based policy (of a bucket, key or queue); give ` +
        'the policies attached to the caller (its user, groups or role) instead.'
      );
    case 'identity':
      return (
        `${head} This looks like an identity (permissions) policy; ` +
        `${where.passAs.identity}, and give the role's trust policy (its Trust relationships ` +
        'tab, or aws iam get-role --role-name <role> --query Role.AssumeRolePolicyDocument) ' +
        'instead.'
      );
    default:
      return `${head} IAM refuses such a policy; add the Resource the statement is meant for.`;
  }
}
