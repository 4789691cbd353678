/**
 * Which files are scenarios: `*.cluster.json`, in any case, as VS Code's glob patterns match on
 * Windows and macOS (the jsonValidation `fileMatch`, the `resourceFilename` menus). The one place
 * that says so, for the diagnostics, the CodeLens, "Open Scenario" and the example list alike.
 * Free of `vscode`.
 */
export const SCENARIO_SUFFIX = '.cluster.json';

/**
 * URI schemes that show another version of a file (a Git diff, a pull request review): their
 * problems would be reported a second time, for a copy the user cannot edit.
 */
const IGNORED_SCHEMES: ReadonlySet<string> = new Set(['git', 'gitfs', 'vscode-scm', 'output', 'review', 'pr', 'vscode-chat-code-block']);

/** True for the path or file name of a scenario file. */
export function isScenarioPath(path: string): boolean {
  return path.toLowerCase().endsWith(SCENARIO_SUFFIX);
}

/** The file name without `.cluster.json` (in any case): "Lab.Cluster.json" -> "Lab". */
export function scenarioBaseName(fileName: string): string {
  return isScenarioPath(fileName) ? fileName.slice(0, -SCENARIO_SUFFIX.length) : fileName;
}

/** True for a scenario file the user edits (not a Git or review copy of one). */
export function isScenarioDocument(uri: { readonly scheme: string; readonly path: string }): boolean {
  return !IGNORED_SCHEMES.has(uri.scheme) && isScenarioPath(uri.path);
}
