import type { Report, ExpectationResult } from './reportTypes';
import type { Expectation } from './model';
import { formatDuration } from '../../format/quantities';

/**
 * Checks each `expect` entry against the finished run's report. An expectation about something
 * that never happened (a blackout without a live migration) fails, and says so: a scenario that
 * asserts on it almost certainly expected it to happen.
 */
export function evaluateExpectations(expectations: readonly Expectation[], report: Omit<Report, 'expectations'>): ExpectationResult[] {
  return expectations.map((e) => evaluate(e, report));
}

function evaluate(e: Expectation, r: Omit<Report, 'expectations'>): ExpectationResult {
  if ('disk' in e) {
    const volume = r.volumes.find((v) => v.disk === e.disk);
    if ('redirected' in e) {
      const times = volume?.redirected.length ?? 0;
      const passed = e.redirected ? times > 0 : times === 0;
      const text = e.redirected ? `${e.disk} used redirected access` : `${e.disk} never redirected`;
      return result(text, passed, times === 0 ? 'never redirected' : `redirected ${times} time(s)`);
    }
    const coordinator = volume?.coordinator ?? null;
    return result(`${e.disk} coordinator is ${e.coordinator}`, coordinator === e.coordinator, `coordinator ${coordinator ?? 'none (not a CSV)'}`);
  }

  const vm = r.vms.find((v) => v.vm === e.vm);
  const migrations = r.migrations.filter((m) => m.vm === e.vm);
  const live = migrations.filter((m) => m.type === 'live');
  const lastLive = live.at(-1);

  if ('endsOn' in e) return result(`${e.vm} ends on ${e.endsOn}`, vm?.node === e.endsOn, `on ${vm?.node ?? '?'}, ${vm?.state ?? '?'}`);
  if ('noClientDisconnects' in e) {
    const lost = vm?.clientsDisconnected ?? 0;
    const passed = e.noClientDisconnects ? lost === 0 : lost > 0;
    const text = e.noClientDisconnects ? `${e.vm} keeps all client connections` : `${e.vm} loses client connections`;
    return result(text, passed, `${lost} disconnected`);
  }
  if ('state' in e) return result(`${e.vm} ends ${e.state}`, vm?.state === e.state, `${vm?.state ?? '?'}`);
  if ('maxDowntime' in e) {
    const down = vm?.downtime ?? 0;
    return result(`${e.vm} downtime <= ${formatDuration(e.maxDowntime)}`, down <= e.maxDowntime, `downtime ${formatDuration(down)}`);
  }
  if ('migrationOutcome' in e) {
    const last = migrations.at(-1);
    return result(`${e.vm} migration ${e.migrationOutcome}`, last?.outcome === e.migrationOutcome, last ? `last migration ${last.outcome}` : 'never migrated');
  }
  const completed = live.filter((m) => m.outcome === 'completed');
  if ('maxBlackout' in e) {
    const text = `${e.vm} blackout <= ${formatDuration(e.maxBlackout)}`;
    if (completed.length === 0) return result(text, false, 'no completed live migration');
    const worst = Math.max(...completed.map((m) => m.blackout ?? 0));
    return result(text, worst <= e.maxBlackout, `blackout ${formatDuration(worst)}`);
  }
  if ('maxPasses' in e) {
    const text = `${e.vm} live migration in <= ${e.maxPasses} passes`;
    if (live.length === 0) return result(text, false, 'never live-migrated');
    const most = Math.max(...live.map((m) => m.passes.length));
    return result(text, most <= e.maxPasses, `${most} passes`);
  }
  const text = `${e.vm} live migration stops: ${e.stopReason}`;
  return result(text, lastLive?.stopReason === e.stopReason, lastLive ? `stop reason ${lastLive.stopReason ?? 'none'}` : 'never live-migrated');
}

function result(text: string, passed: boolean, actual: string): ExpectationResult {
  return { text, passed, actual };
}
