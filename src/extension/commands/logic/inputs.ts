/**
 * Checks of what a user types into input boxes, with the scenario's own unit parser so a
 * duration typed by hand means exactly what it would in a file. Free of `vscode`.
 */
import { parseTime } from '../../../engine/scenario/units';

/** Null when `text` is a positive duration ("2m", "90s"), else what is wrong with it. */
export function durationProblem(text: string): string | null {
  const parsed = parseTime(text.trim());
  if (!parsed.ok) return `${parsed.message}. Expected ${parsed.hint}.`;
  if (parsed.value <= 0) return 'The duration must be longer than zero, e.g. "2m".';
  return null;
}

/** Seconds of a valid duration (check with durationProblem first). */
export function parseDuration(text: string): number {
  const parsed = parseTime(text.trim());
  if (!parsed.ok) throw new Error(parsed.message);
  return parsed.value;
}

/** The duration a task usually takes, offered as the input box's value. */
export const DEFAULT_DURATIONS = { backup: '2m', chkdsk: '5m', defrag: '10m' } as const;
