// The dashboard protocol's checks on arrival: what each side accepts, and the forged messages
// both refuse (unknown types, commands, huge strings, wrong types, prototype-pollution keys).
import { strict as assert } from 'node:assert';
import type { DashboardState, HostToWebview, MigrationView, TimelineEvent, VolumeView } from '../../src/protocol';
import { DASHBOARD_LIMITS, parseHostMessage, parseViewState, parseWebviewMessage } from '../../src/protocolValidation';

const kinds = { liveMigration: 125e6, redirectedIo: 0, metadata: 0, storage: 0 };

function migration(overrides: Partial<Record<keyof MigrationView, unknown>> = {}): MigrationView {
  return {
    id: 'm0',
    vm: 'SQL01',
    type: 'live',
    from: 'HV01',
    to: 'HV02',
    network: 'Cluster Internal',
    requestedAt: 30,
    startedAt: 30,
    completedAt: null,
    outcome: 'running',
    reason: null,
    passes: [{ index: 1, pages: 2097152, bytes: 8589934592, duration: 68.7, dirtiedPages: 412934 }],
    currentPass: { index: 2, pages: 412934, progress: 0.5 },
    dirtyPages: 1000,
    dirtyDensity: new Array<number>(256).fill(0.25),
    hotFraction: 0.25,
    throughput: 125e6,
    stopReason: null,
    finalPages: 0,
    blackout: null,
    clients: 40,
    clientsDisconnected: 0,
    movedWith: [],
    offlineAction: null,
    phases: [],
    ...overrides,
  } as MigrationView;
}

function volume(overrides: Partial<Record<keyof VolumeView, unknown>> = {}): VolumeView {
  return {
    disk: 'Cluster Disk 1',
    path: 'C:\\ClusterStorage\\Volume1',
    coordinator: 'HV01',
    maintenance: false,
    online: true,
    cells: [
      { node: 'HV01', state: 'direct', reason: null, since: null },
      { node: 'HV03', state: 'redirected', reason: 'storagePathLost', since: 180 },
    ],
    redirectedTraffic: [
      { node: 'HV01', bytesPerSecond: 0 },
      { node: 'HV03', bytesPerSecond: 2e6 },
    ],
    ...overrides,
  } as VolumeView;
}

function event(overrides: Partial<Record<keyof TimelineEvent, unknown>> = {}): TimelineEvent {
  return {
    seq: 12,
    t: 180,
    kind: 'csv.access',
    text: 'Redirected access to Cluster Disk 1 for HV03',
    refs: { nodes: ['HV03'], vms: [], disks: ['Cluster Disk 1'], networks: [] },
    ...overrides,
  } as TimelineEvent;
}

function state(overrides: Partial<Record<keyof DashboardState, unknown>> = {}): DashboardState {
  return {
    scenario: "The article's cluster",
    t: 60,
    session: 'playing',
    nodes: ['HV01', 'HV02', 'HV03', 'HV04'],
    migrations: [migration()],
    volumes: [volume()],
    networks: [{ name: 'Cluster Internal', role: 'cluster', bandwidth: 125e6, up: true, samples: [{ t: 30, byKind: kinds }] }],
    events: [event()],
    ...overrides,
  } as DashboardState;
}

/** Through JSON, as messages travel. */
const wire = (x: unknown): unknown => JSON.parse(JSON.stringify(x));
const long = (n: number): string => 'x'.repeat(n);

describe('protocol validation: webview -> host', () => {
  it('accepts the page\'s three messages', () => {
    const good: unknown[] = [
      { type: 'ready' },
      { type: 'reveal', item: { kind: 'vm', name: 'SQL01' } },
      { type: 'reveal', item: { kind: 'volume', name: 'Cluster Disk 1' } },
      { type: 'viewState', state: { filters: {}, focused: null } },
      { type: 'viewState', state: { filters: { node: 'HV03', kind: 'csv', 'timeline.vm': '' }, focused: { kind: 'node', name: 'HV03' } } },
    ];
    for (const m of good) assert.deepEqual(parseWebviewMessage(wire(m)), m, JSON.stringify(m));
  });

  it('refuses unknown types and anything that looks like a command', () => {
    for (const m of [
      { type: 'command', command: 'workbench.action.terminal.new' },
      { type: 'executeCommand', command: 'fcsim.crashNode', args: ['HV01'] },
      { type: 'init', state: state() },
      { type: 'READY' },
      { type: '' },
      {},
      { kind: 'ready' },
    ]) {
      assert.equal(parseWebviewMessage(wire(m)), null, JSON.stringify(m));
    }
  });

  it('refuses what is not a plain object', () => {
    for (const m of [null, undefined, 'ready', 42, true, ['ready'], [{ type: 'ready' }], new Map([['type', 'ready']]), new (class { type = 'ready'; })(), () => 'ready']) {
      assert.equal(parseWebviewMessage(m), null, String(m));
    }
  });

  it('refuses extra or missing fields, and wrong field types', () => {
    for (const m of [
      { type: 'ready', extra: 1 },
      { type: 'reveal' },
      { type: 'reveal', item: null },
      { type: 'reveal', item: 'SQL01' },
      { type: 'reveal', item: { kind: 'vm' } },
      { type: 'reveal', item: { kind: 'vm', name: 42 } },
      { type: 'reveal', item: { kind: 'vm', name: '' } },
      { type: 'reveal', item: { kind: 'file', name: '/etc/passwd' } },
      { type: 'reveal', item: { kind: 'vm', name: 'SQL01', command: 'x' } },
      { type: 'viewState', state: { filters: [], focused: null } },
      { type: 'viewState', state: { filters: { node: 3 }, focused: null } },
      { type: 'viewState', state: { filters: {}, focused: 'HV01' } },
      { type: 'viewState', state: { filters: {} } },
      { type: 'viewState', state: { filters: { 'has space': 'x' }, focused: null } },
    ]) {
      assert.equal(parseWebviewMessage(wire(m)), null, JSON.stringify(m));
    }
  });

  it('refuses huge strings and too many filters', () => {
    assert.ok(parseWebviewMessage({ type: 'reveal', item: { kind: 'vm', name: long(DASHBOARD_LIMITS.nameLength) } }));
    assert.equal(parseWebviewMessage({ type: 'reveal', item: { kind: 'vm', name: long(DASHBOARD_LIMITS.nameLength + 1) } }), null);
    assert.equal(parseWebviewMessage({ type: 'reveal', item: { kind: 'vm', name: long(10_000_000) } }), null);
    assert.equal(parseWebviewMessage({ type: 'viewState', state: { filters: { vm: long(DASHBOARD_LIMITS.filterValueLength + 1) }, focused: null } }), null);
    assert.equal(parseWebviewMessage({ type: 'viewState', state: { filters: { [long(DASHBOARD_LIMITS.filterKeyLength + 1)]: 'x' }, focused: null } }), null);
    const many = Object.fromEntries(Array.from({ length: DASHBOARD_LIMITS.filters + 1 }, (_, i) => [`f${i}`, 'x']));
    assert.equal(parseWebviewMessage({ type: 'viewState', state: { filters: many, focused: null } }), null);
  });

  it('refuses prototype-pollution keys, and pollutes nothing', () => {
    const forged = [
      '{"type":"ready","__proto__":{"polluted":true}}',
      '{"type":"reveal","item":{"kind":"vm","name":"SQL01","__proto__":{"polluted":true}}}',
      '{"type":"viewState","state":{"filters":{"__proto__":"x"},"focused":null}}',
      '{"type":"viewState","state":{"filters":{"constructor":"x"},"focused":null}}',
      '{"type":"viewState","state":{"filters":{"prototype":"x"},"focused":null}}',
      '{"type":"viewState","state":{"filters":{},"focused":null,"__proto__":{"filters":{}}}}',
    ];
    for (const text of forged) assert.equal(parseWebviewMessage(JSON.parse(text)), null, text);
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
    // An object whose prototype was swapped is not a plain object.
    assert.equal(parseWebviewMessage(Object.setPrototypeOf({ type: 'ready' }, { type: 'ready' })), null);
  });

  it('survives hostile objects: throwing getters, proxies, symbols', () => {
    const getter = { get type(): string { throw new Error('boom'); } };
    const proxy = new Proxy({}, { ownKeys: () => { throw new Error('boom'); }, get: () => 'ready' });
    const symbol = { type: 'ready', [Symbol('x')]: 1 };
    for (const m of [getter, proxy, symbol]) assert.equal(parseWebviewMessage(m), null);
  });

  it('gives back the view state the serializer restores, or null', () => {
    const vs = { filters: { node: 'HV03' }, focused: { kind: 'vm', name: 'SQL01' } };
    assert.deepEqual(parseViewState(wire(vs)), vs);
    assert.equal(parseViewState(undefined), null);
    assert.equal(parseViewState({ filters: { node: 'HV03' } }), null);
    assert.equal(parseViewState(JSON.parse('{"filters":{"__proto__":"x"},"focused":null}')), null);
  });
});

describe('protocol validation: host -> webview', () => {
  const good: HostToWebview[] = [
    { type: 'init', state: state() },
    { type: 'init', state: state(), viewState: { filters: { vm: 'SQL01' }, focused: null } },
    { type: 'init', state: state({ scenario: '', session: 'empty', nodes: [], migrations: [], volumes: [], networks: [], events: [] }) },
    {
      type: 'update',
      changes: [
        { kind: 'clock', t: 61, session: 'paused' },
        { kind: 'migration', migration: migration({ outcome: 'completed', currentPass: null, dirtyPages: null, dirtyDensity: null, throughput: 0, stopReason: 'converged', blackout: 0.029 }) },
        { kind: 'migration', migration: migration({ id: 'm1', type: 'quick', network: null, passes: [], currentPass: null, dirtyPages: null, dirtyDensity: null, phases: [{ phase: 'save', from: 600, to: 617.2 }, { phase: 'restore', from: 617.2, to: null }] }) },
        { kind: 'volume', volume: volume() },
        { kind: 'network', name: 'Cluster Internal', up: false, samples: [{ t: 61, byKind: kinds }] },
        { kind: 'events', events: [event(), event({ seq: 13, kind: 'migration.passEnded' })] },
      ],
    },
    { type: 'update', changes: [] },
    { type: 'focus', item: { kind: 'network', name: 'LAN' } },
  ];

  it('accepts well-formed messages', () => {
    for (const m of good) assert.deepEqual(parseHostMessage(wire(m)), m);
  });

  it('refuses unknown types and kinds', () => {
    for (const m of [
      { type: 'reset' },
      { type: 'command', command: 'x' },
      { type: 'update', changes: [{ kind: 'script', src: 'x' }] },
      { type: 'focus', item: { kind: 'cluster', name: 'x' } },
    ]) {
      assert.equal(parseHostMessage(wire(m)), null, JSON.stringify(m));
    }
  });

  it('refuses wrong types, out-of-range numbers and extra fields anywhere in the state', () => {
    const bad: unknown[] = [
      { type: 'init', state: state({ t: -1 }) },
      { type: 'init', state: state({ t: '60' }) },
      { type: 'init', state: state({ session: 'running' }) },
      { type: 'init', state: state({ nodes: ['HV01', 7] }) },
      { type: 'init', state: { ...state(), extra: true } },
      { type: 'init', state: state(), viewState: { filters: {} } },
      { type: 'init', state: state({ migrations: [migration({ throughput: Number.POSITIVE_INFINITY })] }) },
      { type: 'init', state: state({ migrations: [migration({ throughput: -1 })] }) },
      { type: 'init', state: state({ migrations: [migration({ dirtyDensity: [0.5, 1.5] })] }) },
      { type: 'init', state: state({ migrations: [migration({ dirtyDensity: new Array(257).fill(0) })] }) },
      { type: 'init', state: state({ migrations: [migration({ currentPass: { index: 1, pages: 2, progress: 2 } })] }) },
      { type: 'init', state: state({ migrations: [migration({ outcome: 'exploded' })] }) },
      { type: 'init', state: state({ migrations: [migration({ passes: [{ index: 1.5, pages: 1, bytes: 1, duration: 1, dirtiedPages: 0 }] })] }) },
      { type: 'init', state: state({ migrations: [{ ...migration(), html: '<img src=x onerror=alert(1)>' }] }) },
      { type: 'init', state: state({ migrations: [migration({ phases: [{ phase: 'teleport', from: 0, to: 1 }] })] }) },
      { type: 'init', state: state({ volumes: [volume({ cells: [{ node: 'HV01', state: 'direct', reason: null }] })] }) },
      { type: 'init', state: state({ volumes: [volume({ cells: [{ node: 'HV01', state: 'sideways', reason: null, since: null }] })] }) },
      { type: 'init', state: state({ networks: [{ name: 'LAN', role: 'cluster', bandwidth: 1, up: true, samples: [{ t: 0, byKind: { ...kinds, storage: undefined } }] }] }) },
      { type: 'init', state: state({ networks: [{ name: 'LAN', role: 'cluster', bandwidth: 1, up: true, samples: [{ t: 0, byKind: { ...kinds, evil: 1 } }] }] }) },
      { type: 'init', state: state({ networks: [{ name: 'LAN', role: 'cluster', bandwidth: 1, up: true, samples: [{ t: 0, byKind: { ...kinds, other: 1 } }] }] }) },
      { type: 'init', state: state({ events: [event({ kind: 'csv access' })] }) },
      { type: 'init', state: state({ events: [event({ refs: { nodes: [], vms: [], disks: [] } })] }) },
      { type: 'update', changes: [{ kind: 'clock', t: 1 }] },
      { type: 'update', changes: { 0: { kind: 'clock', t: 1, session: 'ready' }, length: 1 } },
      { type: 'focus', item: { kind: 'vm', name: 'SQL01' }, then: 'reveal' },
    ];
    for (const m of bad) assert.equal(parseHostMessage(m), null, JSON.stringify(m).slice(0, 200));
  });

  it('refuses huge strings and arrays past the limits', () => {
    const sample = { t: 0, byKind: kinds };
    const bad: unknown[] = [
      { type: 'init', state: state({ scenario: long(DASHBOARD_LIMITS.textLength + 1) }) },
      { type: 'init', state: state({ events: [event({ text: long(DASHBOARD_LIMITS.textLength + 1) })] }) },
      { type: 'init', state: state({ events: new Array(DASHBOARD_LIMITS.events + 1).fill(event()) }) },
      { type: 'update', changes: [{ kind: 'network', name: 'LAN', up: true, samples: new Array(DASHBOARD_LIMITS.samplesPerNetwork + 1).fill(sample) }] },
      { type: 'focus', item: { kind: 'vm', name: long(DASHBOARD_LIMITS.nameLength + 1) } },
    ];
    for (const m of bad) assert.equal(parseHostMessage(m), null);
  });

  it('refuses prototype-pollution keys', () => {
    const forged = [
      '{"type":"focus","item":{"kind":"vm","name":"SQL01"},"__proto__":{"polluted":true}}',
      '{"type":"update","changes":[{"kind":"clock","t":1,"session":"ready","__proto__":{"polluted":true}}]}',
      `{"type":"init","state":${JSON.stringify(state()).replace('"scenario"', '"__proto__":{"x":1},"scenario"')}}`,
    ];
    for (const text of forged) assert.equal(parseHostMessage(JSON.parse(text)), null, text.slice(0, 80));
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
  });
});
