import * as vscode from 'vscode';

/** The extension's output channel, and the one way errors reach the user without escaping. */
export interface Logger {
  info(message: string): void;
  error(message: string, err?: unknown): void;
  /** Runs `fn`; an exception is logged and shown as a notification, never rethrown. */
  guard<T>(what: string, fn: () => T | Promise<T>): Promise<T | undefined>;
}

export function createLogger(context: vscode.ExtensionContext): Logger {
  const channel = vscode.window.createOutputChannel('Failover Cluster Simulator', { log: true });
  context.subscriptions.push(channel);
  const logger: Logger = {
    info: (message) => channel.info(message),
    error: (message, err) => channel.error(err instanceof Error ? `${message}: ${err.stack ?? err.message}` : err === undefined ? message : `${message}: ${String(err)}`),
    guard: async (what, fn) => {
      try {
        return await fn();
      } catch (err) {
        logger.error(`${what} failed`, err);
        void vscode.window.showErrorMessage(`${what} failed: ${err instanceof Error ? err.message : String(err)}. See the "Failover Cluster Simulator" output for details.`);
        return undefined;
      }
    },
  };
  return logger;
}
