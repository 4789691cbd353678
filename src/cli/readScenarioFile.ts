/**
 * Reading the scenario file for the CLI, within the loader's size limit whatever the path names:
 * a regular file, a device (`/dev/zero` never ends), a pipe or a FIFO (no size to ask for). The
 * file is read in chunks and the reading stops as soon as it is past the limit, so the memory it
 * takes is bounded by the limit, not by the file. A file that cannot be read becomes one
 * diagnostic at 1:1, in the same form as every other error.
 */
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import type { Diagnostic } from '../engine/scenario/diagnostics';
import { fileSizeError, LIMITS } from '../engine/scenario/limits';
import { pause } from './syncIo';

/**
 * Bytes read at most: a text of LIMITS.fileSize characters (UTF-16 units, as the loader counts
 * them) takes at most 3 bytes of UTF-8 per unit, so a file past this many bytes is past the
 * loader's limit for sure, and one within it gets the loader's exact check.
 */
export const MAX_FILE_BYTES = 3 * LIMITS.fileSize;

const CHUNK = 1 << 16;

/** A file the CLI will not or cannot read, as the diagnostic to print. */
export class UnreadableFile extends Error {
  constructor(readonly diagnostic: Diagnostic) {
    super(diagnostic.message);
  }
}

const atStart = { offset: 0, length: 0, line: 1, column: 1 } as const;

function tooLarge(bytes: number, atLeast: boolean): UnreadableFile {
  const d = fileSizeError(bytes, atLeast);
  // bytes > MAX_FILE_BYTES > LIMITS.fileSize, so there is always an error.
  return new UnreadableFile({ ...(d as Diagnostic), ...atStart });
}

/** The file's text (UTF-8, a byte order mark kept for the loader); throws UnreadableFile or a system error. */
export function readScenarioFile(path: string, maxBytes = MAX_FILE_BYTES): string {
  // Stdin is read from its descriptor: opening /dev/stdin fails (ENXIO) when it is a socket,
  // as a parent process's pipe often is.
  const stdin = path === '/dev/stdin';
  const fd = stdin ? 0 : openSync(path, 'r');
  try {
    const stat = fstatSync(fd);
    // A regular file says its size: one far past the limit is refused unread.
    if (stat.isFile() && stat.size > maxBytes) throw tooLarge(stat.size, false);
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      const buffer = Buffer.allocUnsafe(Math.min(CHUNK, maxBytes + 1 - total));
      let n: number;
      try {
        n = readSync(fd, buffer, 0, buffer.length, null);
      } catch (e) {
        // A non-blocking pipe with nothing in it yet.
        if ((e as NodeJS.ErrnoException).code === 'EAGAIN') {
          pause(10);
          continue;
        }
        throw e;
      }
      if (n === 0) break;
      chunks.push(buffer.subarray(0, n));
      total += n;
      if (total > maxBytes) throw tooLarge(LIMITS.fileSize + 1, true);
    }
    return Buffer.concat(chunks, total).toString('utf8');
  } finally {
    if (!stdin) closeSync(fd);
  }
}

/** Why a file could not be read, in words. */
function reason(e: unknown): string {
  const code = (e as NodeJS.ErrnoException | null)?.code;
  if (code === 'ENOENT') return 'no such file';
  if (code === 'EISDIR') return 'it is a folder, not a scenario file';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  return e instanceof Error ? e.message : String(e);
}

/** Whatever reading threw, as one error at 1:1 of the file. */
export function unreadable(e: unknown): Diagnostic {
  if (e instanceof UnreadableFile) return e.diagnostic;
  const code = (e as NodeJS.ErrnoException | null)?.code;
  const hint = code === 'ENOENT' || code === 'EISDIR' ? { hint: 'the path of a scenario file, such as examples/article-cluster.cluster.json' } : {};
  return { severity: 'error', code: 'unreadable', path: [], message: `cannot read the scenario: ${reason(e)}`, ...hint, ...atStart };
}
