// A proposed trust policy must not quietly weaken the one in force: when every statement that
// lets AWS principals assume the role imposes a condition (MFA, an ExternalId, an organisation),
// a new statement without it admits its principal on easier terms than anyone before.

import { getElement, statementList, stringList } from '../policy/engine.js';
import { matchWildcard } from '../policy/wildcard.js';

export interface ConditionTest {
  operator: string;
  key: string;
  values: string[];
}

export interface DroppedConditions {
  /** Position of the new statement in the proposed policy. */
  statementIndex: number;
  /** The new statement as people name it: its Sid in quotes, else its number. */
  statementName: string;
  /** Conditions every existing statement imposes and this one lacks. */
  conditions: ConditionTest[];
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

export function conditionsOf(statement: unknown): ConditionTest[] {
  const element = getElement(statement, 'Condition');
  if (!isRecord(element)) return [];
  const tests: ConditionTest[] = [];
  for (const [operator, block] of Object.entries(element)) {
    if (!isRecord(block)) continue;
    for (const [key, raw] of Object.entries(block)) {
      const values = (Array.isArray(raw) ? raw : [raw]).map((value) => String(value));
      tests.push({ operator, key, values });
    }
  }
  return tests;
}

/** Operator and key compare without case, as IAM compares them. */
function sameKey(a: ConditionTest, b: ConditionTest): boolean {
  return (
    a.operator.toLowerCase() === b.operator.toLowerCase() &&
    a.key.toLowerCase() === b.key.toLowerCase()
  );
}

/** The same operator and key, and the same values as a set. */
function sameTest(a: ConditionTest, b: ConditionTest): boolean {
  const values = (test: ConditionTest) =>
    JSON.stringify([...new Set(test.values.map((value) => value.toLowerCase()))].sort());
  return sameKey(a, b) && values(a) === values(b);
}

function coversAssumeRole(statement: unknown): boolean {
  const matches = (patterns: string[]) =>
    patterns.some((pattern) => matchWildcard(pattern, 'sts:AssumeRole', true));
  const actions = getElement(statement, 'Action');
  if (actions !== undefined) return matches(stringList(actions));
  const notActions = getElement(statement, 'NotAction');
  return notActions !== undefined && !matches(stringList(notActions));
}

/** An Allow for sts:AssumeRole naming AWS principals (accounts, users, roles, or anyone). */
function admitsAwsPrincipals(statement: unknown): boolean {
  if (String(getElement(statement, 'Effect')) !== 'Allow' || !coversAssumeRole(statement)) {
    return false;
  }
  const principal = getElement(statement, 'Principal');
  return principal === '*' || getElement(principal, 'AWS') !== undefined;
}

function statementWords(statement: unknown, index: number): string {
  const sid = getElement(statement, 'Sid');
  return typeof sid === 'string' && sid !== '' ? `"${sid}"` : String(index + 1);
}

/**
 * The statements of `proposed` that are new (not in `existing` as they stand) and lack a
 * condition that every existing statement admitting AWS principals imposes. A new statement
 * that tests the same key with the same operator keeps the condition, whatever its values: a
 * second vendor has an ExternalId of its own, and a widened aws:PrincipalArn list is a change,
 * not a loss. A weaker operator (BoolIfExists for Bool) does not keep it.
 */
export function droppedConditions(existing: unknown, proposed: unknown): DroppedConditions[] {
  const before = statementList(existing).filter(admitsAwsPrincipals);
  const [first, ...rest] = before.map(conditionsOf);
  if (!first) return [];
  const imposed = first.filter((test) =>
    rest.every((others) => others.some((o) => sameTest(o, test))),
  );
  if (imposed.length === 0) return [];
  const unchanged = new Set(statementList(existing).map((statement) => JSON.stringify(statement)));
  const dropped: DroppedConditions[] = [];
  statementList(proposed).forEach((statement, index) => {
    if (unchanged.has(JSON.stringify(statement)) || !admitsAwsPrincipals(statement)) return;
    const own = conditionsOf(statement);
    const missing = imposed.filter((test) => !own.some((kept) => sameKey(kept, test)));
    if (missing.length > 0) {
      dropped.push({
        statementIndex: index,
        statementName: statementWords(statement, index),
        conditions: missing,
      });
    }
  });
  return dropped;
}

/** The Condition element that states the tests, for pasting into a statement. */
export function conditionElement(tests: readonly ConditionTest[]): Record<string, unknown> {
  const element: Record<string, Record<string, string | string[]>> = {};
  for (const test of tests) {
    const block = element[test.operator] ?? {};
    block[test.key] = test.values.length === 1 ? (test.values[0] ?? '') : test.values;
    element[test.operator] = block;
  }
  return element;
}

/** A copy of the policy with the tests added to one statement's Condition. */
export function withConditions(
  policy: unknown,
  statementIndex: number,
  tests: readonly ConditionTest[],
): unknown {
  const copy = JSON.parse(JSON.stringify(policy)) as Record<string, unknown>;
  const list = statementList(copy);
  const statement = list[statementIndex];
  if (!isRecord(statement)) return copy;
  const added = conditionElement(tests);
  const current = getElement(statement, 'Condition');
  const merged: Record<string, unknown> = isRecord(current) ? { ...current } : {};
  for (const [operator, block] of Object.entries(added)) {
    const before = merged[operator];
    merged[operator] = isRecord(before) ? { ...before, ...(block as object) } : block;
  }
  const key = Object.keys(statement).find((name) => name.toLowerCase() === 'condition');
  statement[key ?? 'Condition'] = merged;
  return copy;
}

/** What the tests ask for, in words: "MFA", "an ExternalId", "a condition on aws:SourceIp". */
export function describeConditions(tests: readonly ConditionTest[]): string {
  const words = new Set<string>();
  for (const test of tests) {
    const key = test.key.toLowerCase();
    if (key === 'aws:multifactorauthpresent') words.add('MFA');
    else if (key === 'aws:multifactorauthage') words.add('a recent MFA sign-in');
    else if (key === 'sts:externalid') words.add('an ExternalId');
    else if (key === 'aws:principalorgid') words.add('a caller of a given organisation');
    else words.add(`a condition on ${test.key}`);
  }
  const list = [...words];
  return list.length > 1 ? `${list.slice(0, -1).join(', ')} and ${list.at(-1)}` : (list[0] ?? '');
}
