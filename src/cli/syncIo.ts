/**
 * Synchronous output for the CLI, straight to file descriptors 1 and 2. The CLI writes all it has
 * to say at once and then exits, so it does not need process.stdout and process.stderr: setting
 * up those streams loads Node's stream modules, about 3.5 ms of a start-up that the CLI's goal
 * counts in tens of milliseconds. What is written here is on its way when the call returns, so
 * the exit code can never overtake the output.
 */
import { writeSync } from 'node:fs';

/** Waits a moment without a timer (the CLI does everything synchronously). */
export function pause(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/**
 * A function writing text to `fd` in full: a partial write goes on from where it stopped, a
 * non-blocking pipe that is full (EAGAIN) is waited for. A reader that has gone away (EPIPE:
 * `fcsim run --events x | head`) ends the output quietly, as for any command-line tool; the
 * exit code still says how the run went.
 */
export function fdWriter(fd: number): (text: string) => void {
  let closed = false;
  return (text) => {
    if (closed || text.length === 0) return;
    const bytes = Buffer.from(text, 'utf8');
    let offset = 0;
    while (offset < bytes.length) {
      try {
        offset += writeSync(fd, bytes, offset, bytes.length - offset);
      } catch (e) {
        const code = (e as NodeJS.ErrnoException).code;
        if (code === 'EAGAIN') pause(1);
        else if (code === 'EPIPE') {
          closed = true;
          return;
        } else throw e;
      }
    }
  };
}
