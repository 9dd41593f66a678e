// A read of each trust policy statement that the checks and the evaluator share: who it names,
// which STS flow that is, and its conditions with the path of each (for positions).

import { type ParsedOperator, parseOperator } from '../policy/conditions.js';
import {
  getElement,
  hasElement,
  parseArn,
  statementList,
  statementName,
  stringList,
} from '../policy/engine.js';
import { BUILT_IN_WEB_IDENTITY_PROVIDERS } from './knowledge.js';

export type Flow = 'aws' | 'service' | 'saml' | 'web-identity';

export interface PrincipalEntry {
  type: string;
  value: string;
  /** JSON path of the value. */
  path: (string | number)[];
  flow: Flow | undefined;
  /** For web identity: the provider path used as condition key prefix. */
  providerPath?: string;
}

export interface ConditionEntry {
  operator: string;
  parsed: ParsedOperator | undefined;
  key: string;
  values: unknown[];
  path: (string | number)[];
}

export interface StatementModel {
  index: number;
  raw: Record<string, unknown>;
  /** Actual key names as written (for paths). */
  keys: Record<string, string>;
  sid: unknown;
  effect: unknown;
  principals: PrincipalEntry[];
  notPrincipal: boolean;
  actions: string[];
  notAction: boolean;
  conditions: ConditionEntry[];
  flows: Set<Flow>;
  path: (string | number)[];
}

/** The statement as people see it named: its Sid, else its position counted from 1. */
export function nameOfStatement(model: StatementModel): string {
  return statementName(typeof model.sid === 'string' && model.sid !== '' ? model.sid : model.index);
}

export function providerPathOf(federated: string): string | undefined {
  const lower = federated.toLowerCase();
  if ((BUILT_IN_WEB_IDENTITY_PROVIDERS as readonly string[]).includes(lower)) return lower;
  const arn = parseArn(federated);
  if (arn?.service === 'iam' && arn.resource.startsWith('oidc-provider/')) {
    return arn.resource.slice('oidc-provider/'.length);
  }
  return undefined;
}

export function flowOfFederated(value: string): Flow | undefined {
  const arn = parseArn(value);
  if (arn?.service === 'iam' && arn.resource.startsWith('saml-provider/')) return 'saml';
  if (providerPathOf(value)) return 'web-identity';
  return undefined;
}

function keyName(raw: Record<string, unknown>, name: string): string {
  const lower = name.toLowerCase();
  let found = name;
  for (const key of Object.keys(raw)) if (key.toLowerCase() === lower) found = key;
  return found;
}

export function modelStatements(document: unknown): StatementModel[] {
  const statementElement = getElement(document, 'Statement');
  const statementKey =
    document && typeof document === 'object'
      ? keyName(document as Record<string, unknown>, 'Statement')
      : 'Statement';
  const isArray = Array.isArray(statementElement);
  return statementList(document).flatMap((raw, index) => {
    if (!raw || typeof raw !== 'object' || Array.isArray(raw)) return [];
    const record = raw as Record<string, unknown>;
    const path: (string | number)[] = isArray ? [statementKey, index] : [statementKey];
    const keys: Record<string, string> = {};
    for (const name of ['Sid', 'Effect', 'Principal', 'NotPrincipal', 'Action', 'NotAction']) {
      keys[name] = keyName(record, name);
    }
    keys.Condition = keyName(record, 'Condition');
    const principals: PrincipalEntry[] = [];
    const notPrincipal = hasElement(record, 'NotPrincipal') && !hasElement(record, 'Principal');
    const principalKey = notPrincipal ? keys.NotPrincipal : keys.Principal;
    const principalElement = getElement(record, notPrincipal ? 'NotPrincipal' : 'Principal');
    if (typeof principalElement === 'string') {
      principals.push({
        type: '*',
        value: principalElement,
        path: [...path, principalKey ?? 'Principal'],
        flow: undefined,
      });
    } else if (principalElement && typeof principalElement === 'object') {
      for (const [type, rawValue] of Object.entries(principalElement)) {
        const values = Array.isArray(rawValue) ? rawValue : [rawValue];
        values.forEach((value, valueIndex) => {
          if (typeof value !== 'string') return;
          const valuePath = [
            ...path,
            principalKey ?? 'Principal',
            type,
            ...(Array.isArray(rawValue) ? [valueIndex] : []),
          ];
          let flow: Flow | undefined;
          let providerPath: string | undefined;
          if (type === 'AWS') flow = 'aws';
          else if (type === 'Service') flow = 'service';
          else if (type === 'Federated') {
            flow = flowOfFederated(value);
            providerPath = providerPathOf(value);
          }
          principals.push({
            type,
            value,
            path: valuePath,
            flow,
            ...(providerPath ? { providerPath } : {}),
          });
        });
      }
    }
    const conditions: ConditionEntry[] = [];
    const conditionElement = getElement(record, 'Condition');
    if (
      conditionElement &&
      typeof conditionElement === 'object' &&
      !Array.isArray(conditionElement)
    ) {
      for (const [operator, block] of Object.entries(conditionElement)) {
        if (!block || typeof block !== 'object' || Array.isArray(block)) continue;
        for (const [key, values] of Object.entries(block)) {
          conditions.push({
            operator,
            parsed: parseOperator(operator),
            key,
            values: Array.isArray(values) ? values : [values],
            path: [...path, keys.Condition ?? 'Condition', operator, key],
          });
        }
      }
    }
    const notAction = !hasElement(record, 'Action') && hasElement(record, 'NotAction');
    const actions = stringList(getElement(record, notAction ? 'NotAction' : 'Action'));
    const flows = new Set<Flow>();
    for (const principal of principals) if (principal.flow) flows.add(principal.flow);
    return [
      {
        index,
        raw: record,
        keys,
        sid: getElement(record, 'Sid'),
        effect: getElement(record, 'Effect'),
        principals,
        notPrincipal,
        actions,
        notAction,
        conditions,
        flows,
        path,
      },
    ];
  });
}

/** Whether a condition requires its key to be present with a matching value. */
export function isPositiveTest(condition: ConditionEntry): boolean {
  const parsed = condition.parsed;
  if (!parsed) return false;
  if (parsed.family === 'Null') {
    return String(condition.values[0]).toLowerCase() === 'false';
  }
  return !parsed.negated && !parsed.ifExists && parsed.qualifier !== 'ForAllValues';
}

/** The provider prefix of a key such as `token.actions.githubusercontent.com:sub`. */
export function splitProviderKey(key: string): { prefix: string; claim: string } | undefined {
  const colon = key.lastIndexOf(':');
  if (colon <= 0) return undefined;
  const prefix = key.slice(0, colon);
  if (!prefix.includes('.') && !prefix.includes('/')) return undefined;
  return { prefix, claim: key.slice(colon + 1) };
}
