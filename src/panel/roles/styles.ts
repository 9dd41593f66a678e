// The roles view's own styles, carried with its lazily loaded code (the panel's stylesheet
// covers the shared parts).
export const ROLES_CSS = `
.switch-link {
  white-space: pre-wrap;
  word-break: break-all;
}
.switch-blockers {
  padding-left: 18px;
  margin: 6px 0;
}
.role-filter {
  width: 100%;
  box-sizing: border-box;
  padding: 6px;
  font: inherit;
}
.role-group-title {
  color: var(--muted);
  border-bottom: 1px solid var(--line);
  padding-bottom: 2px;
}
.saved-role {
  padding: 4px 6px;
  border-left: 3px solid transparent;
}
.saved-role.active {
  border-left-color: var(--accent);
  background: color-mix(in srgb, var(--accent) 10%, transparent);
}
.saved-role-name {
  font-weight: 600;
}
.swatch {
  display: inline-block;
  width: 10px;
  height: 10px;
  margin-right: 6px;
  border: 1px solid var(--line);
  border-radius: 2px;
  vertical-align: middle;
}
.swatch-button {
  width: 20px;
  height: 20px;
  border: 1px solid var(--line);
  border-radius: 3px;
  cursor: pointer;
}
.role-editor input {
  display: block;
  width: 100%;
  box-sizing: border-box;
  font: inherit;
}
`;
