/**
 * The failback window on the simulated clock. The run starts at `settings.startTime` (seconds
 * after midnight), so simulated time t is the time of day (startTime + t) mod 24 h. A window
 * (FailbackWindowStart, FailbackWindowEnd: hours of the day, "local cluster time") is open from
 * its start hour (included) to its end hour (excluded): 1 to 3 is 01:00 to 03:00; a start later
 * than the end wraps past midnight (22 to 6: 22:00 to 06:00 the next morning).
 */

const DAY = 24 * 3600;
const HOUR = 3600;

interface FailbackWindow {
  readonly start: number;
  readonly end: number;
}

/** Seconds after midnight at simulated time `t`. */
export function timeOfDay(startTime: number, t: number): number {
  const x = (startTime + t) % DAY;
  return tidy(x < 0 ? x + DAY : x);
}

/** True when the window is open at time of day `tod` (seconds after midnight). */
export function isOpen(window: FailbackWindow, tod: number): boolean {
  const start = window.start * HOUR;
  const end = window.end * HOUR;
  return start < end ? tod >= start && tod < end : tod >= start || tod < end;
}

/** The first simulated time at or after `t` at which the window is open. */
export function nextOpening(window: FailbackWindow, startTime: number, t: number): number {
  const tod = timeOfDay(startTime, t);
  if (isOpen(window, tod)) return t;
  const wait = (window.start * HOUR - tod + DAY) % DAY;
  return tidy(t + wait);
}

/** "22:00 to 06:00". */
export function describeWindow(window: FailbackWindow): string {
  const hh = (h: number): string => `${String(h).padStart(2, '0')}:00`;
  return `${hh(window.start)} to ${hh(window.end)}`;
}

/** "09:30", the time of day at simulated time `t`. */
export function clockAt(startTime: number, t: number): string {
  const tod = Math.floor(timeOfDay(startTime, t));
  const h = Math.floor(tod / HOUR);
  const m = Math.floor((tod % HOUR) / 60);
  return `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`;
}

/** Rounds away float noise, so a window opening lands on its hour. */
function tidy(x: number): number {
  return Math.round(x * 1e6) / 1e6;
}
