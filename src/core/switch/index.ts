// Switching roles: links, the console's own switch, saved roles and the configs they come from.

export {
  type ExternalIdRequirement,
  type OpenSession,
  type SwitchBlocker,
  type SwitchBlockerCode,
  type SwitchBlockerInput,
  sessionRole,
  switchBlockers,
  trustExternalIdRequirement,
} from './blockers.js';
export {
  type ConfigError,
  type ConfigFormat,
  detectConfigFormat,
  type ImportResult,
  importRoles,
} from './config.js';
export {
  type ConsoleLocation,
  type ConsoleUrlResult,
  consoleHomeUrl,
  parseConsoleUrl,
  type RedirectResult,
  type RoleRoute,
  type RoleRouteForm,
  rewriteRedirect,
  roleRouteFromHash,
} from './console-url.js';
export { exportRolesAsAesr, reviveSavedRoles } from './export.js';
export {
  type ClassicSwitchFields,
  type ClassicSwitchForm,
  type ConsolePageContext,
  classicSwitchForm,
  type MultiSessionAnswer,
  type MultiSessionSwitchBody,
  type MultiSessionSwitchRequest,
  multiSessionSwitchRequest,
  parseMultiSessionAnswer,
  type SwitchRequestInput,
} from './form.js';
export {
  buildSwitchRoleLink,
  chooseSigninHost,
  type ResolvedTarget,
  resolveSwitchTarget,
  type SigninHostResult,
  type SwitchLinkInput,
  type SwitchLinkResult,
  type SwitchTarget,
} from './link.js';
export {
  type Checked,
  checkAccount,
  checkColor,
  checkDisplayName,
  checkRolePathAndName,
  composeDisplayName,
  isPresetColor,
  MAX_DISPLAY_NAME,
  MAX_SWITCH_ROLE_NAME,
  type ParsedRoleArn,
  PRESET_COLORS,
  parseRoleArn,
  type RolePathAndName,
  stripAccountSuffix,
  switchNameLengthProblem,
  truncateWithEllipsis,
} from './names.js';
export {
  filterRoles,
  groupByAccount,
  identityFromSessionArn,
  identityTier,
  isCurrentRole,
  makeSavedRole,
  permissionSetName,
  prepareRoleSearch,
  type RoleGroup,
  roleSearchKey,
  type SavedRole,
  type SavedRoleDraft,
  type SavedRoleOrigin,
  type SignedInIdentity,
  savedRoleId,
} from './saved-roles.js';
export {
  explainSwitchFailure,
  SWITCH_FAILURE_TEXT,
  type SwitchFailureCause,
  type SwitchFailureCauseId,
  type SwitchFailureInput,
} from './switch-failure.js';
export {
  formatWebAddress,
  parseWebAddress,
  queryParam,
  type WebAddress,
} from './web-address.js';
