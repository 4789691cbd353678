/**
 * The messages between the extension host and the diagnostics worker thread: a text to check,
 * and what the check found (or why it could not run). Plain data, copied by `postMessage`.
 */
import type { TextAnalysis } from './analyzeText';

export interface CheckMessage {
  /** Matches the reply to its request. */
  readonly id: number;
  readonly text: string;
  readonly languageId: string;
}

export type ReplyMessage = { readonly id: number; readonly analysis: TextAnalysis } | { readonly id: number; readonly error: string };

/** True when `m` is a reply as diagnosticsWorker.ts sends it (checked on arrival, as any message from another thread). */
export function isReplyMessage(m: unknown): m is ReplyMessage {
  if (typeof m !== 'object' || m === null) return false;
  const r = m as Record<string, unknown>;
  if (typeof r.id !== 'number') return false;
  if (typeof r.error === 'string') return true;
  const a = r.analysis as Record<string, unknown> | undefined;
  return (
    typeof a === 'object' &&
    a !== null &&
    typeof a.loads === 'boolean' &&
    Array.isArray(a.diagnostics) &&
    typeof a.errors === 'number' &&
    typeof a.warnings === 'number'
  );
}
