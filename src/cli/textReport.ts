import type { Report } from '../engine/scenario/report';
import type { MigrationRecord } from '../engine/model/records';
import { formatBitRate, formatClock, formatCount, formatDuration } from '../format/quantities';
import { printableData } from '../engine/scenario/printable';
import { table } from './table';

/**
 * The human-readable report `fcsim run` prints without --json. Every string of the report (names
 * from the file, reasons that quote them) is made printable first, so only the colours below are
 * escape sequences.
 */
export function renderTextReport(report: Report, color: boolean): string {
  const r = printableData(report);
  const c = colors(color);
  const out: string[] = [];
  out.push(c.bold(r.scenario));
  out.push(`seed ${r.seed} · simulated ${formatClock(r.simulatedTime)} (${r.simulatedTime.toFixed(1)} s) · ${endWords(r.endReason)}`);

  out.push('', c.bold('Migrations'));
  if (r.migrations.length === 0) out.push('  none');
  for (const m of r.migrations) out.push(...migration(m, c));

  if (r.failovers.length > 0) {
    out.push('', c.bold('Failovers'));
    out.push(
      ...table([
        ['VM', 'from', 'to', 'failed', 'detected', 'online', 'downtime', 'lost'],
        ...r.failovers.map((f) => [
          f.vm,
          f.from,
          f.to ?? '-',
          formatClock(f.failedAt),
          f.detectedAt === null ? '-' : formatClock(f.detectedAt),
          f.onlineAt === null ? '-' : formatClock(f.onlineAt),
          f.downtime === null ? '-' : formatDuration(f.downtime),
          `${formatCount(f.lostBytes)} B`,
        ]),
      ]),
    );
  }

  if (r.offlines.length > 0) {
    // VMs the cluster took offline (maintenance of their CSV, a repair) through their offline action.
    out.push('', c.bold('Taken offline by the cluster'));
    out.push(
      ...table([
        ['VM', 'disk', 'cause', 'action', 'from', 'offline', 'online', 'downtime', 'clients lost', 'lost'],
        ...r.offlines.map((o) => [
          o.vm,
          o.disk,
          o.cause,
          o.action,
          formatClock(o.startedAt),
          o.offlineAt === null ? '-' : formatClock(o.offlineAt),
          o.onlineAt === null ? '-' : formatClock(o.onlineAt),
          o.downtime === null ? '-' : formatDuration(o.downtime),
          String(o.clientsDisconnected),
          `${formatCount(o.lostBytes)} B`,
        ]),
      ]),
    );
  }

  out.push('', c.bold('Cluster Shared Volumes'));
  if (r.volumes.length === 0) out.push('  none');
  for (const v of r.volumes) {
    out.push(`  ${v.disk}  ${v.path}  coordinator ${v.coordinator}`);
    if (v.redirected.length === 0 && v.paused.length === 0 && v.noAccess.length === 0) out.push(`    direct access on every node throughout`);
    for (const i of v.redirected) out.push(`    ${c.yellow('redirected')} ${i.node}: ${span(i.from, i.to)} (${i.reason})`);
    for (const i of v.noAccess) out.push(`    ${c.red('no access')} ${i.node}: ${span(i.from, i.to)} (${i.reason})`);
    for (const p of v.paused) out.push(`    ${c.yellow('I/O paused')} ${span(p.from, p.to)} (${p.reason}${p.queuedIos !== undefined ? `, ${p.queuedIos} I/Os queued` : ''})`);
  }

  out.push('', c.bold('Virtual machines'));
  out.push(
    ...table([
      ['VM', 'node', 'state', 'downtime', 'clients lost'],
      ...r.vms.map((v) => [v.vm, v.node, v.state, formatDuration(v.downtime), String(v.clientsDisconnected)]),
    ]),
  );

  out.push('', c.bold('Nodes'));
  out.push(...table([['node', 'state'], ...r.nodes.map((n) => [n.node, n.cause === null ? n.state : `${n.state} (${DOWN_WORDS[n.cause] ?? n.cause})`])]));
  if (r.isolations.length > 0) {
    out.push('', c.bold('Isolated from their clients'));
    for (const i of r.isolations) {
      const lost = i.disconnectedAt !== null ? `${c.red(`${i.clientsDisconnected} clients lost`)} at ${formatClock(i.disconnectedAt)}` : 'no client lost';
      out.push(`  ${i.vm} on ${i.node}: ${span(i.from, i.to)}, ${lost} (${i.reason})`);
    }
  }

  out.push('', c.bold('Quorum'));
  for (const q of r.quorum) out.push(`  ${formatClock(q.at)}  ${q.hasQuorum ? c.green('has quorum') : c.red('quorum lost')}${q.reason ? ` (${q.reason})` : ''}`);

  if (r.notices.length > 0) {
    out.push('', c.bold('Notices'));
    for (const n of r.notices) {
      const what = n.action ? `${n.action} ${n.subject}` : n.subject;
      const label = n.kind === 'rejected' ? 'refused' : n.kind === 'eventLimit' ? 'stopped' : 'unfinished';
      out.push(`  ${formatClock(n.at)}  ${c.yellow(label)} ${what}: ${n.reason}`);
    }
  }

  if (r.expectations.length > 0) {
    out.push('', c.bold('Expectations'));
    for (const e of r.expectations) out.push(`  ${e.passed ? c.green('✔') : c.red('✘')} ${e.text} ${c.dim(`(${e.actual})`)}`);
    const held = r.expectations.filter((e) => e.passed).length;
    const line = `${held} of ${r.expectations.length} expectations held`;
    out.push('', held === r.expectations.length ? c.green(line) : c.red(line));
  }
  return out.join('\n') + '\n';
}

const DOWN_WORDS: Readonly<Record<string, string>> = { crashed: 'crashed', quorumLost: 'no quorum', serviceStopped: 'cluster service stopped' };
const CAUSE_WORDS: Readonly<Record<string, string>> = { drain: 'drain', failback: 'failback', stopClusterService: 'cluster service stopped' };

/** "live migration", "quick migration", or a move of the group through the VM's offline action. */
function kindOf(m: MigrationRecord): string {
  if (m.type === 'live') return 'live migration';
  if (m.cause === 'request') return 'quick migration';
  return `move (offline action ${m.offlineAction ?? 'save'})`;
}

function migration(m: MigrationRecord, c: Colors): string[] {
  const why = CAUSE_WORDS[m.cause] ? ` · ${CAUSE_WORDS[m.cause]}` : '';
  const head = `  ${c.bold(m.vm)}  ${kindOf(m)} ${m.from} → ${m.to}${m.network ? ` over ${m.network}` : ''}${why}`;
  const lines = [head];
  const outcome = m.outcome === 'completed' ? c.green('completed') : m.outcome === 'failed' ? c.red('failed') : c.yellow(m.outcome);
  const took = m.completedAt !== null ? `, took ${formatDuration(m.completedAt - m.requestedAt)}` : '';
  lines.push(`    ${outcome} · requested ${formatClock(m.requestedAt)}${took}${m.reason ? ` · ${m.reason}` : ''}`);
  if (m.type === 'live' && m.passes.length > 0) {
    lines.push(
      ...table(
        [
          ['pass', 'pages', 'dirtied meanwhile', 'duration', 'rate'],
          ...m.passes.map((p) => [String(p.index), formatCount(p.pages), formatCount(p.dirtiedPages), formatDuration(p.duration), p.duration > 0 ? formatBitRate(p.bytes / p.duration) : '-']),
        ],
        '    ',
      ),
    );
  }
  const facts: string[] = [];
  if (m.stopReason) facts.push(`pre-copy stopped: ${m.stopReason}`);
  if (m.type === 'live' && m.outcome === 'completed') facts.push(`${formatCount(m.finalPages)} pages copied while suspended`);
  if (m.setup !== null) facts.push(`setup ${formatDuration(m.setup)}`);
  if (m.blackout !== null) facts.push(`${m.type === 'live' ? 'blackout' : 'outage'} ${formatDuration(m.blackout)}`);
  if (m.cleanup !== null) facts.push(`clean-up ${formatDuration(m.cleanup)}`);
  if (m.outcome === 'completed') facts.push(`${m.clientsDisconnected} clients disconnected`);
  if (m.lostBytes > 0) facts.push(`${formatCount(m.lostBytes)} B of unflushed writes lost (turned off)`);
  if (m.movedWith.length > 0) facts.push(`moved with it: ${m.movedWith.join(', ')}`);
  if (facts.length > 0) lines.push(`    ${facts.join(' · ')}`);
  return lines;
}

function span(from: number, to: number | null): string {
  return to === null ? `from ${formatClock(from)} to the end` : `${formatClock(from)}–${formatClock(to)} (${formatDuration(to - from)})`;
}

function endWords(reason: string): string {
  if (reason === 'finished') return 'ran to the end of the timeline';
  if (reason === 'duration') return 'stopped at the scenario duration';
  if (reason === 'eventLimit') return 'stopped: event limit reached';
  return reason;
}

type Colors = ReturnType<typeof colors>;

function colors(on: boolean) {
  const wrap = (code: number) => (s: string) => (on ? `\u001b[${code}m${s}\u001b[0m` : s);
  return { bold: wrap(1), dim: wrap(2), red: wrap(31), green: wrap(32), yellow: wrap(33) };
}
