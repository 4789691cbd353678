/**
 * The status bar item's text and tooltip: the simulated clock, the state and the speed.
 * Free of `vscode`.
 */
import { formatClock } from '../../../format/quantities';
import type { SessionState, Speed } from '../../session/simulationSession';

interface StatusInput {
  readonly state: SessionState;
  /** Simulated seconds. */
  readonly time: number;
  readonly speed: Speed;
  readonly scenarioName: string;
  readonly recordedActions: number;
}

interface StatusView {
  /** Hidden when nothing is loaded. */
  readonly visible: boolean;
  readonly text: string;
  readonly tooltip: string;
  /** What a click does. */
  readonly command: 'fcsim.run' | 'fcsim.pause' | null;
}

function speedWords(speed: Speed): string {
  return speed === 'max' ? 'as fast as possible' : speed === 1 ? 'in real time' : `at ${speed}x real time`;
}

export function statusView(s: StatusInput): StatusView {
  if (s.state === 'empty') return { visible: false, text: '', tooltip: '', command: null };
  const clock = formatClock(s.time);
  const speed = s.speed === 'max' ? 'max' : `${s.speed}x`;
  const label = s.state === 'playing' ? `playing ${speed}` : s.state;
  const text = `$(server-process) ${clock} · ${label}`;
  const where = `Simulated time ${formatClock(s.time, 3)} in "${s.scenarioName}".`;
  const what: Record<Exclude<SessionState, 'empty'>, string> = {
    ready: `Ready to run ${speedWords(s.speed)}. Click to run.`,
    playing: `Running ${speedWords(s.speed)}. Click to pause.`,
    paused: `Paused; runs ${speedWords(s.speed)} when resumed. Click to run.`,
    ended: 'The run has ended. Click to run it again from the start.',
  };
  const recorded = s.recordedActions > 0 ? ` ${s.recordedActions} action${s.recordedActions === 1 ? '' : 's'} taken by hand (Save as Scenario keeps them).` : '';
  const command = s.state === 'playing' ? 'fcsim.pause' : 'fcsim.run';
  return { visible: true, text, tooltip: `${where} ${what[s.state]}${recorded}`, command };
}
