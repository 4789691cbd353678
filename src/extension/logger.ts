import * as vscode from 'vscode';

/** The extension's output channel, and the one way errors reach the user without escaping. */
export interface Logger {
  info(message: string): void;
  error(message: string, err?: unknown): void;
  /** Runs `fn`; an exception is logged and shown as a notification, never rethrown. */
  guard<T>(what: string, fn: () => T | Promise<T>): Promise<T | undefined>;
}

/**
 * Words for anything thrown, without throwing again: a thrown value may be an object whose
 * toString or message getter throws, or one without a prototype (String() fails on it).
 */
export function describeError(err: unknown, withStack = false): string {
  try {
    if (err instanceof Error) return (withStack ? err.stack : undefined) ?? err.message;
    return String(err);
  } catch {
    return 'an error that cannot be described';
  }
}

export function createLogger(context: vscode.ExtensionContext): Logger {
  const channel = vscode.window.createOutputChannel('Failover Cluster Simulator', { log: true });
  context.subscriptions.push(channel);
  const logger: Logger = {
    info: (message) => channel.info(message),
    error: (message, err) => channel.error(err === undefined ? message : `${message}: ${describeError(err, true)}`),
    guard: async (what, fn) => {
      try {
        return await fn();
      } catch (err) {
        try {
          logger.error(`${what} failed`, err);
          void vscode.window
            .showErrorMessage(`${what} failed: ${describeError(err)}. See the "Failover Cluster Simulator" output for details.`)
            .then(undefined, () => undefined);
        } catch {
          // Reporting must not be what escapes.
        }
        return undefined;
      }
    },
  };
  return logger;
}
