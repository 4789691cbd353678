/**
 * Checks every message between the extension host and the dashboard webview on arrival, on both
 * sides: `parseWebviewMessage` in the host, `parseHostMessage` in the page. Pure (no DOM, no
 * `vscode`), strict and total: anything that is not exactly one of the protocol's messages (an
 * unknown type, a missing or extra field, a wrong type, a non-finite number, a string or array
 * past its limit, an object that is not a plain object, a key like `__proto__`) gives null, and
 * the caller drops it. Nothing is coerced or repaired. The parsers return the message itself once
 * it is known to be well-formed: every object in it has only the protocol's own keys.
 */
import type {
  CellState,
  DashboardChange,
  DashboardState,
  EventRefs,
  HostToWebview,
  ItemRef,
  MigrationView,
  NetworkSample,
  NetworkView,
  PassView,
  TimelineEvent,
  TrafficKind,
  ViewState,
  VolumeView,
  WebviewToHost,
} from './protocol';

/** Sizes both sides keep to; a message beyond them is rejected. */
export const DASHBOARD_LIMITS = {
  /** A name from the scenario (node, VM, network, disk, volume path). */
  nameLength: 512,
  /** A sentence (timeline text, a reason, the scenario's name). */
  textLength: 4096,
  /** Samples kept per network: older ones are thinned (protocolState.appendSamples). */
  samplesPerNetwork: 600,
  /** Timeline events kept: the oldest go first. */
  events: 2000,
  /** Buckets of a dirty-bitmap density strip. */
  densityBuckets: 256,
  nodes: 1024,
  networks: 256,
  volumes: 1024,
  migrations: 20_000,
  passes: 1024,
  /** Changes in one update. */
  changes: 50_000,
  /** Names in one event's refs, per kind. */
  refs: 1024,
  /** Entries of the page's filter map, and their key and value sizes. */
  filters: 32,
  filterKeyLength: 64,
  filterValueLength: 512,
} as const;

export const TRAFFIC_KINDS: readonly TrafficKind[] = ['liveMigration', 'redirectedIo', 'metadata', 'storage'];
export const ITEM_KINDS: readonly ItemRef['kind'][] = ['vm', 'node', 'network', 'volume', 'disk'];
export const CELL_STATES: readonly CellState[] = ['direct', 'redirected', 'paused', 'maintenance', 'noAccess'];
const SESSION_STATES: readonly DashboardState['session'][] = ['empty', 'ready', 'playing', 'paused', 'ended'];
const OUTCOMES: readonly MigrationView['outcome'][] = ['queued', 'running', 'completed', 'failed'];
const STOP_REASONS: readonly NonNullable<MigrationView['stopReason']>[] = ['converged', 'maxPasses', 'notConverging'];
const QUICK_PHASES: readonly MigrationView['phases'][number]['phase'][] = ['save', 'diskMove', 'restore'];
const OFFLINE_ACTIONS: readonly NonNullable<MigrationView['offlineAction']>[] = ['save', 'shutdown', 'turnOff'];
const NETWORK_ROLES: readonly NetworkView['role'][] = ['cluster', 'clusterAndClient', 'none'];
/** A filter key: a short identifier, never one of the keys that reach an object's prototype. */
const FILTER_KEY = /^[A-Za-z][A-Za-z0-9_.-]*$/;
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);
/** An engine event kind: 'migration.passEnded', 'csv.access'. */
const EVENT_KIND = /^[a-z][A-Za-z0-9]*(\.[a-z][A-Za-z0-9]*)*$/;

// ---- the two entry points ----------------------------------------------------------------------

/** A message from the page, or null when it is not exactly one the host accepts. */
export function parseWebviewMessage(raw: unknown): WebviewToHost | null {
  try {
    if (!isRecord(raw)) return null;
    switch (raw.type) {
      case 'ready':
        return hasExactly(raw, ['type']) ? (raw as WebviewToHost) : null;
      case 'reveal':
        return hasExactly(raw, ['type', 'item']) && isItemRef(raw.item) ? (raw as WebviewToHost) : null;
      case 'viewState':
        return hasExactly(raw, ['type', 'state']) && isViewState(raw.state) ? (raw as WebviewToHost) : null;
      default:
        return null;
    }
  } catch {
    // A getter or proxy that throws is a forged message, not a reason to fail.
    return null;
  }
}

/** A message from the host, or null when it is not exactly one the page accepts. */
export function parseHostMessage(raw: unknown): HostToWebview | null {
  try {
    if (!isRecord(raw)) return null;
    switch (raw.type) {
      case 'init':
        if (!hasOnly(raw, ['type', 'state'], ['viewState'])) return null;
        if (raw.viewState !== undefined && !isViewState(raw.viewState)) return null;
        return isDashboardState(raw.state) ? (raw as HostToWebview) : null;
      case 'update':
        return hasExactly(raw, ['type', 'changes']) && isArrayOf(raw.changes, DASHBOARD_LIMITS.changes, isChange) ? (raw as HostToWebview) : null;
      case 'focus':
        return hasExactly(raw, ['type', 'item']) && isItemRef(raw.item) ? (raw as HostToWebview) : null;
      default:
        return null;
    }
  } catch {
    return null;
  }
}

/** The page's UI state as the panel serializer gets it back after a reload, or null. */
export function parseViewState(raw: unknown): ViewState | null {
  try {
    return isViewState(raw) ? raw : null;
  } catch {
    return null;
  }
}

// ---- pieces ------------------------------------------------------------------------------------

function isItemRef(x: unknown): x is ItemRef {
  return isRecord(x) && hasExactly(x, ['kind', 'name']) && isOneOf(x.kind, ITEM_KINDS) && isName(x.name);
}

function isViewState(x: unknown): x is ViewState {
  if (!isRecord(x) || !hasExactly(x, ['filters', 'focused'])) return false;
  if (x.focused !== null && !isItemRef(x.focused)) return false;
  const filters = x.filters;
  if (!isRecord(filters)) return false;
  const keys = Object.keys(filters);
  if (keys.length > DASHBOARD_LIMITS.filters) return false;
  return keys.every(
    (k) =>
      k.length <= DASHBOARD_LIMITS.filterKeyLength &&
      FILTER_KEY.test(k) &&
      !FORBIDDEN_KEYS.has(k) &&
      isString(filters[k], DASHBOARD_LIMITS.filterValueLength),
  );
}

function isDashboardState(x: unknown): x is DashboardState {
  const L = DASHBOARD_LIMITS;
  return (
    isRecord(x) &&
    hasExactly(x, ['scenario', 't', 'session', 'nodes', 'migrations', 'volumes', 'networks', 'events']) &&
    isString(x.scenario, L.textLength) &&
    isTime(x.t) &&
    isOneOf(x.session, SESSION_STATES) &&
    isArrayOf(x.nodes, L.nodes, isName) &&
    isArrayOf(x.migrations, L.migrations, isMigration) &&
    isArrayOf(x.volumes, L.volumes, isVolume) &&
    isArrayOf(x.networks, L.networks, isNetwork) &&
    isArrayOf(x.events, L.events, isTimelineEvent)
  );
}

function isChange(x: unknown): x is DashboardChange {
  if (!isRecord(x)) return false;
  const L = DASHBOARD_LIMITS;
  switch (x.kind) {
    case 'clock':
      return hasExactly(x, ['kind', 't', 'session']) && isTime(x.t) && isOneOf(x.session, SESSION_STATES);
    case 'migration':
      return hasExactly(x, ['kind', 'migration']) && isMigration(x.migration);
    case 'volume':
      return hasExactly(x, ['kind', 'volume']) && isVolume(x.volume);
    case 'network':
      return hasExactly(x, ['kind', 'name', 'up', 'samples']) && isName(x.name) && typeof x.up === 'boolean' && isArrayOf(x.samples, L.samplesPerNetwork, isSample);
    case 'events':
      return hasExactly(x, ['kind', 'events']) && isArrayOf(x.events, L.events, isTimelineEvent);
    default:
      return false;
  }
}

function isPass(x: unknown): x is PassView {
  return (
    isRecord(x) &&
    hasExactly(x, ['index', 'pages', 'bytes', 'duration', 'dirtiedPages']) &&
    isCount(x.index) &&
    isCount(x.pages) &&
    isNonNegative(x.bytes) &&
    isNonNegative(x.duration) &&
    isCount(x.dirtiedPages)
  );
}

function isMigration(x: unknown): x is MigrationView {
  const L = DASHBOARD_LIMITS;
  if (
    !isRecord(x) ||
    !hasExactly(x, [
      'id', 'vm', 'type', 'from', 'to', 'network', 'requestedAt', 'startedAt', 'completedAt', 'outcome', 'reason', 'passes',
      'currentPass', 'dirtyPages', 'dirtyDensity', 'hotFraction', 'throughput', 'stopReason', 'finalPages', 'blackout',
      'clients', 'clientsDisconnected', 'movedWith', 'offlineAction', 'phases',
    ])
  ) {
    return false;
  }
  return (
    isName(x.id) &&
    isName(x.vm) &&
    (x.type === 'live' || x.type === 'quick') &&
    isName(x.from) &&
    isName(x.to) &&
    (x.network === null || isName(x.network)) &&
    isTime(x.requestedAt) &&
    (x.startedAt === null || isTime(x.startedAt)) &&
    (x.completedAt === null || isTime(x.completedAt)) &&
    isOneOf(x.outcome, OUTCOMES) &&
    (x.reason === null || isString(x.reason, L.textLength)) &&
    isArrayOf(x.passes, L.passes, isPass) &&
    (x.currentPass === null || isCurrentPass(x.currentPass)) &&
    (x.dirtyPages === null || isCount(x.dirtyPages)) &&
    (x.dirtyDensity === null || isArrayOf(x.dirtyDensity, L.densityBuckets, isFraction)) &&
    isFraction(x.hotFraction) &&
    isNonNegative(x.throughput) &&
    (x.stopReason === null || isOneOf(x.stopReason, STOP_REASONS)) &&
    isCount(x.finalPages) &&
    (x.blackout === null || isNonNegative(x.blackout)) &&
    isCount(x.clients) &&
    isCount(x.clientsDisconnected) &&
    isArrayOf(x.movedWith, L.refs, isName) &&
    (x.offlineAction === null || isOneOf(x.offlineAction, OFFLINE_ACTIONS)) &&
    isArrayOf(x.phases, 8, isPhase)
  );
}

function isCurrentPass(x: unknown): boolean {
  return isRecord(x) && hasExactly(x, ['index', 'pages', 'progress']) && isCount(x.index) && isCount(x.pages) && isFraction(x.progress);
}

function isPhase(x: unknown): boolean {
  return isRecord(x) && hasExactly(x, ['phase', 'from', 'to']) && isOneOf(x.phase, QUICK_PHASES) && isTime(x.from) && (x.to === null || isTime(x.to));
}

function isVolume(x: unknown): x is VolumeView {
  const L = DASHBOARD_LIMITS;
  return (
    isRecord(x) &&
    hasExactly(x, ['disk', 'path', 'coordinator', 'maintenance', 'online', 'cells', 'redirectedTraffic']) &&
    isName(x.disk) &&
    isString(x.path, L.nameLength) &&
    isString(x.coordinator, L.nameLength) &&
    typeof x.maintenance === 'boolean' &&
    typeof x.online === 'boolean' &&
    isArrayOf(x.cells, L.nodes, isCell) &&
    isArrayOf(x.redirectedTraffic, L.nodes, isTraffic)
  );
}

function isCell(x: unknown): boolean {
  return (
    isRecord(x) &&
    hasExactly(x, ['node', 'state', 'reason', 'since']) &&
    isName(x.node) &&
    isOneOf(x.state, CELL_STATES) &&
    (x.reason === null || isString(x.reason, DASHBOARD_LIMITS.nameLength)) &&
    (x.since === null || isTime(x.since))
  );
}

function isTraffic(x: unknown): boolean {
  return isRecord(x) && hasExactly(x, ['node', 'bytesPerSecond']) && isName(x.node) && isNonNegative(x.bytesPerSecond);
}

function isSample(x: unknown): x is NetworkSample {
  if (!isRecord(x) || !hasExactly(x, ['t', 'byKind']) || !isTime(x.t)) return false;
  const byKind = x.byKind;
  return isRecord(byKind) && hasExactly(byKind, TRAFFIC_KINDS) && TRAFFIC_KINDS.every((k) => isNonNegative(byKind[k]));
}

function isNetwork(x: unknown): x is NetworkView {
  return (
    isRecord(x) &&
    hasExactly(x, ['name', 'role', 'bandwidth', 'up', 'samples']) &&
    isName(x.name) &&
    isOneOf(x.role, NETWORK_ROLES) &&
    isNonNegative(x.bandwidth) &&
    typeof x.up === 'boolean' &&
    isArrayOf(x.samples, DASHBOARD_LIMITS.samplesPerNetwork, isSample)
  );
}

function isRefs(x: unknown): x is EventRefs {
  const L = DASHBOARD_LIMITS;
  return (
    isRecord(x) &&
    hasExactly(x, ['nodes', 'vms', 'disks', 'networks']) &&
    isArrayOf(x.nodes, L.refs, isName) &&
    isArrayOf(x.vms, L.refs, isName) &&
    isArrayOf(x.disks, L.refs, isName) &&
    isArrayOf(x.networks, L.refs, isName)
  );
}

function isTimelineEvent(x: unknown): x is TimelineEvent {
  return (
    isRecord(x) &&
    hasExactly(x, ['seq', 't', 'kind', 'text', 'refs']) &&
    isCount(x.seq) &&
    isTime(x.t) &&
    isString(x.kind, 64) &&
    EVENT_KIND.test(x.kind) &&
    isString(x.text, DASHBOARD_LIMITS.textLength) &&
    isRefs(x.refs)
  );
}

// ---- primitives --------------------------------------------------------------------------------

/** A plain object (what JSON and structured clone give), not an array, a class instance or null. */
function isRecord(x: unknown): x is Record<string, unknown> {
  if (typeof x !== 'object' || x === null || Array.isArray(x)) return false;
  const proto: unknown = Object.getPrototypeOf(x);
  return proto === Object.prototype || proto === null;
}

/** Exactly these own keys (so no `__proto__`, no extras), all present. */
function hasExactly(x: Record<string, unknown>, keys: readonly string[]): boolean {
  return hasOnly(x, keys, []);
}

/** All of `required`, maybe some of `optional`, nothing else. */
function hasOnly(x: Record<string, unknown>, required: readonly string[], optional: readonly string[]): boolean {
  const own = Object.getOwnPropertyNames(x);
  if (own.length < required.length || own.length > required.length + optional.length) return false;
  if (Object.getOwnPropertySymbols(x).length > 0) return false;
  for (const k of own) if (!required.includes(k) && !optional.includes(k)) return false;
  for (const k of required) if (!Object.prototype.hasOwnProperty.call(x, k)) return false;
  return true;
}

function isArrayOf<T>(x: unknown, max: number, item: (v: unknown) => v is T): x is T[];
function isArrayOf(x: unknown, max: number, item: (v: unknown) => boolean): boolean;
function isArrayOf(x: unknown, max: number, item: (v: unknown) => boolean): boolean {
  if (!Array.isArray(x) || x.length > max) return false;
  for (let i = 0; i < x.length; i++) if (!item(x[i])) return false;
  return true;
}

function isOneOf<T extends string>(x: unknown, values: readonly T[]): x is T {
  return typeof x === 'string' && (values as readonly string[]).includes(x);
}

function isString(x: unknown, max: number): x is string {
  return typeof x === 'string' && x.length <= max;
}

/** A name: not empty, not huge. */
function isName(x: unknown): x is string {
  return typeof x === 'string' && x.length > 0 && x.length <= DASHBOARD_LIMITS.nameLength;
}

function isNonNegative(x: unknown): x is number {
  return typeof x === 'number' && Number.isFinite(x) && x >= 0;
}

/** Simulated seconds. */
function isTime(x: unknown): x is number {
  return isNonNegative(x);
}

function isCount(x: unknown): x is number {
  return isNonNegative(x) && Number.isInteger(x);
}

function isFraction(x: unknown): x is number {
  return isNonNegative(x) && x <= 1;
}
