/**
 * Command ids the editor support registers or calls. `fcsim.openScenario` and `fcsim.runToEnd`
 * belong to the commands area (src/extension/commands); the rest are VS Code's own.
 */
export const RUN_SCENARIO_FILE = 'fcsim.runScenarioFile';
/** Loads a scenario into the session without running it; takes an optional `vscode.Uri`. */
export const OPEN_SCENARIO = 'fcsim.openScenario';
/** Runs the loaded scenario to its end as fast as possible. */
export const RUN_TO_END = 'fcsim.runToEnd';
/** Shows the Failover Cluster Simulator view container (the Cluster Explorer). */
export const FOCUS_EXPLORER = 'workbench.view.extension.fcsim';
/** Opens the Problems panel. */
export const SHOW_PROBLEMS = 'workbench.actions.view.problems';
