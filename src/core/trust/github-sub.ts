// Why a GitHub Actions token's sub claim missed the trust policy's sub condition. A default sub is
// repo:OWNER/REPO:CONTEXT, where CONTEXT says how the job ran (ref:refs/heads/BRANCH,
// ref:refs/tags/TAG, environment:NAME or pull_request); a repository or organisation can replace
// that template with its own. The reason names what really differs: the repository, the
// context's form, the context's value within the same form, letter case, GitHub's immutable
// owner-id/repo-id naming, or a customised template on one side only.

import type { ConditionEvaluation } from '../policy/conditions.js';
import { matchPattern, patternFromText } from '../policy/wildcard.js';

export interface SubMismatch {
  id: string;
  message: string;
}

type SubForm = 'branch' | 'tag' | 'environment' | 'pull_request' | 'custom';

const FORM_PREFIXES: ReadonlyArray<[SubForm, string]> = [
  ['branch', 'ref:refs/heads/'],
  ['tag', 'ref:refs/tags/'],
  ['environment', 'environment:'],
  ['pull_request', 'pull_request'],
];

const FORM_WORDS: Record<SubForm, string> = {
  branch: 'branch',
  tag: 'tag',
  environment: 'environment',
  pull_request: 'pull request',
  custom: 'customised',
};

/** Why a job gets this form of sub, for the forms whose origin people tend to miss. */
const FORM_HINTS: Partial<Record<SubForm, string>> = {
  environment: 'a job that names an environment gets an environment sub instead of its branch',
  pull_request: 'a job run for the pull_request event gets this sub instead of a branch one',
  tag: 'a job run for a tag push gets a tag ref instead of a branch one',
};

interface RepoSub {
  /** OWNER/REPO as written (a pattern may hold wildcards). */
  repo: string;
  /** What follows the repository; undefined when nothing does. */
  context: string | undefined;
}

/** A sub of the default template split after its repository; undefined for other templates. */
function splitRepoSub(text: string): RepoSub | undefined {
  const match = /^repo:([^:]*)(?::([\s\S]*))?$/.exec(text);
  if (!match) return undefined;
  return { repo: match[1] ?? '', context: match[2] };
}

function withContext(repo: string, context: string | undefined): string {
  return context === undefined ? `repo:${repo}` : `repo:${repo}:${context}`;
}

function formOf(context: string | undefined): SubForm {
  if (context === undefined) return 'custom';
  // Branch, tag and environment names cannot hold a colon, so more colons mean extra claims.
  if (/^ref:refs\/heads\/[^:]+$/.test(context)) return 'branch';
  if (/^ref:refs\/tags\/[^:]+$/.test(context)) return 'tag';
  if (/^environment:[^:]+$/.test(context)) return 'environment';
  if (context === 'pull_request') return 'pull_request';
  return 'custom';
}

/** The forms a policy value's context can admit; a pattern may admit several. */
function formsOfPattern(context: string | undefined, like: boolean): Set<SubForm> {
  const wildcardAt = like && context !== undefined ? context.search(/[*?]/) : -1;
  if (context === undefined || wildcardAt < 0) return new Set([formOf(context)]);
  const fixed = context.slice(0, wildcardAt);
  const forms = new Set<SubForm>();
  for (const [form, prefix] of FORM_PREFIXES) {
    if (fixed.startsWith(prefix) || prefix.startsWith(fixed)) forms.add(form);
  }
  if (forms.size === 0) forms.add('custom');
  return forms;
}

/** How the job ran, as it follows "ran": "on the branch main", "for a pull request". */
function describeContext(context: string | undefined): string {
  const form = formOf(context);
  const name = context?.slice(context.indexOf(':') + 1).replace(/^refs\/(heads|tags)\//, '');
  if (form === 'branch') return `on the branch ${name}`;
  if (form === 'tag') return `for the tag ${name}`;
  if (form === 'environment') return `in the environment ${name}`;
  if (form === 'pull_request') return 'for a pull request';
  return context === undefined
    ? 'with a sub naming the repository alone'
    : `with a customised context (${context})`;
}

function listOf(values: string[]): string {
  const unique = [...new Set(values)];
  return unique.length === 1
    ? (unique[0] ?? '')
    : `${unique.slice(0, -1).join(', ')} or ${unique.at(-1)}`;
}

type Matcher = (policyValue: string, value: string, foldCase?: boolean) => boolean;

function matcherFor(base: string): Matcher | undefined {
  if (base === 'StringEquals') {
    return (policyValue, value, foldCase) =>
      foldCase ? policyValue.toLowerCase() === value.toLowerCase() : policyValue === value;
  }
  if (base === 'StringEqualsIgnoreCase') {
    return (policyValue, value) => policyValue.toLowerCase() === value.toLowerCase();
  }
  if (base === 'StringLike') {
    return (policyValue, value, foldCase) =>
      matchPattern(patternFromText(policyValue), value, foldCase);
  }
  return undefined;
}

/** GitHub's immutable naming: owner-OWNERID/repo-REPOID; the names alone, or undefined. */
function namesWithoutIds(repo: string): string | undefined {
  const match = /^(.+)-\d+\/(.+)-\d+$/.exec(repo);
  return match ? `${match[1]}/${match[2]}` : undefined;
}

/**
 * Why `callerSub` fails the sub condition, or undefined when nothing GitHub-specific can be said
 * (the caller then gets the generic reason).
 */
export function explainGitHubSub(
  condition: ConditionEvaluation,
  callerSub: string,
  detail: string,
): SubMismatch | undefined {
  const parsed = condition.parsed;
  if (parsed?.family !== 'String') return undefined;
  if (parsed.negated) {
    return {
      id: 'CONDITION_VALUE_MISMATCH',
      message: `The policy's ${condition.operator} excludes this token's sub: ${detail}.`,
    };
  }
  const match = matcherFor(parsed.base);
  if (!match) return undefined;
  const values = condition.policyValues;
  if (values.some((value) => match(value, callerSub, true))) {
    return {
      id: 'GITHUB_SUB_CASE',
      message:
        `The token sub differs from the policy only in upper/lower case and ` +
        `${condition.operator} is case-sensitive: ${detail}.`,
    };
  }
  const caller = splitRepoSub(callerSub);
  const repoValues = values.flatMap((value) => {
    const split = splitRepoSub(value);
    return split ? [{ value, ...split }] : [];
  });
  if (!caller) {
    if (repoValues.length < values.length) return undefined;
    return {
      id: 'GITHUB_SUB_CONTEXT_MISMATCH',
      message:
        `The token's sub (${callerSub}) follows a customised template, not repo:OWNER/REPO:…, ` +
        `and the policy only admits the default form (${listOf(values)}). Write the policy ` +
        'for the template the repository or organisation sets, or reset that customisation.',
    };
  }
  if (repoValues.length === 0) {
    return {
      id: 'GITHUB_SUB_CONTEXT_MISMATCH',
      message:
        `The token has GitHub's default sub (${callerSub}), but the policy expects a ` +
        `customised template (${listOf(values)}); the job's repository does not apply that ` +
        'customisation.',
    };
  }
  const like = parsed.base === 'StringLike';
  // Each value is tried with the caller's repository and its own context, then with its own
  // repository and the caller's context: whichever fails is what differs.
  const repoAdmitted = repoValues.filter((item) =>
    match(item.value, withContext(caller.repo, item.context)),
  );
  const contextAdmitted = repoValues.filter((item) =>
    match(item.value, withContext(item.repo, caller.context)),
  );
  if (repoAdmitted.length === 0) {
    const names = namesWithoutIds(caller.repo);
    if (names && repoValues.some((item) => match(item.value, withContext(names, item.context)))) {
      return {
        id: 'GITHUB_SUB_IMMUTABLE_FORMAT',
        message:
          `The token names the repository in GitHub's immutable form, with owner and ` +
          `repository ids (${caller.repo}); the policy names it without them ` +
          `(${listOf(repoValues.map((item) => item.repo))}), so it no longer matches: ${detail}.`,
      };
    }
    const alsoContext =
      contextAdmitted.length === 0 ? `, and not ${describeContext(caller.context)} either` : '';
    return {
      id: 'CONDITION_VALUE_MISMATCH',
      message:
        `The job's token is for ${caller.repo}; the policy admits ` +
        `${listOf(repoValues.map((item) => item.repo))}${alsoContext} (token sub: ${callerSub}).`,
    };
  }
  const callerForm = formOf(caller.context);
  const policyForms = new Set(
    repoAdmitted.flatMap((item) => [...formsOfPattern(item.context, like)]),
  );
  const contexts = listOf(
    repoAdmitted.map((item) => item.context ?? '(nothing after the repository)'),
  );
  if (policyForms.has(callerForm)) {
    return {
      id: 'CONDITION_VALUE_MISMATCH',
      message:
        `The job ran ${describeContext(caller.context)}; for ${caller.repo} the policy ` +
        `admits only ${contexts} (token sub: ${callerSub}).`,
    };
  }
  const formWords = listOf([...policyForms].map((form) => FORM_WORDS[form]));
  if (callerForm === 'custom') {
    return {
      id: 'GITHUB_SUB_CONTEXT_MISMATCH',
      message:
        `The token's sub (${callerSub}) follows a customised template (the repository or ` +
        `organisation customises its OIDC sub claim); for ${caller.repo} the policy admits only ` +
        `${formWords} subs (${contexts}).`,
    };
  }
  const hint = FORM_HINTS[callerForm];
  if (policyForms.size === 1 && policyForms.has('custom')) {
    return {
      id: 'GITHUB_SUB_CONTEXT_MISMATCH',
      message:
        `The token has GitHub's default ${FORM_WORDS[callerForm]} sub (${callerSub}); for ` +
        `${caller.repo} the policy expects a customised template ` +
        `(${listOf(repoAdmitted.map((item) => item.value))}), which the ` +
        "job's repository does not apply.",
    };
  }
  return {
    id: 'GITHUB_SUB_CONTEXT_MISMATCH',
    message:
      `The job ran ${describeContext(caller.context)} (token sub: ${callerSub}); for ` +
      `${caller.repo} the policy admits only ${formWords} subs (${contexts})` +
      `${hint ? `: ${hint}` : ''}.`,
  };
}
