import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { EXAMPLES, FIXTURES, runCli } from './cliHarness';

const fixture = (name: string) => join(FIXTURES, name);

/** 1-based line and column of the first occurrence of `needle` in a file, computed here. */
function positionOf(file: string, needle: string): { line: number; column: number } {
  const text = readFileSync(file, 'utf8');
  const offset = text.indexOf(needle);
  assert.ok(offset >= 0, `${needle} not in ${file}`);
  const before = text.slice(0, offset).split('\n');
  return { line: before.length, column: before.at(-1)!.length + 1 };
}

describe('fcsim CLI', () => {
  describe('run', () => {
    it('exits 0 and prints a readable report when every expectation holds', () => {
      const r = runCli('run', fixture('two-nodes.cluster.json'));
      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stdout, /Two-node lab/);
      assert.match(r.stdout, /Virtual machines/);
      assert.match(r.stdout, /✔ APP01 ends on HV01/);
      assert.match(r.stdout, /2 of 2 expectations held/);
    });

    it('lists the VMs the cluster took offline (maintenance, repair) with their offline action, downtime and clients lost', () => {
      const r = runCli('run', join(EXAMPLES, 'redirected-access-vs-maintenance.cluster.json'));
      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stdout, /Taken offline by the cluster/);
      assert.match(r.stdout, /WEB2 +Cluster Disk 2 +maintenance +turnOff /);
      assert.match(r.stdout, /SQL2 +Cluster Disk 2 +repair +shutdown /);
      assert.doesNotMatch(r.stdout, /APP1 +Cluster Disk 1/);
    });

    it('exits 1 when an expectation fails, and says which', () => {
      const r = runCli('run', fixture('failing-expectation.cluster.json'));
      assert.equal(r.code, 1);
      assert.match(r.stdout, /✘ APP01 ends on HV02 \(on HV01, running\)/);
    });

    it('exits 2 on an invalid scenario with path and line:column on stderr and nothing on stdout', () => {
      const file = fixture('invalid.cluster.json');
      const r = runCli('run', file);
      assert.equal(r.code, 2);
      assert.equal(r.stdout, '');
      const { line, column } = positionOf(file, '"64"');
      assert.ok(r.stderr.includes(`${file}:${line}:${column}: error: $.nodes[0].memory`), r.stderr);
    });

    it('prints the report as one JSON object with --json, in the shape of docs/scenario-format.md', () => {
      const r = runCli('run', fixture('two-nodes.cluster.json'), '--json');
      assert.equal(r.code, 0, r.stderr);
      const report = JSON.parse(r.stdout);
      for (const key of ['scenario', 'simulatedTime', 'migrations', 'failovers', 'volumes', 'vms', 'quorum', 'offlines', 'expectations']) {
        assert.ok(key in report, `report has ${key}`);
      }
      assert.equal(report.scenario, 'Two-node lab');
      assert.deepEqual(report.vms[0], { vm: 'APP01', node: 'HV01', state: 'running', downtime: 0, clientsDisconnected: 0 });
      assert.deepEqual(report.volumes[0].path, 'C:\\ClusterStorage\\Volume1');
      assert.deepEqual(report.quorum, [{ at: 0, hasQuorum: true }]);
      assert.ok(report.simulatedTime >= 20, 'runs at least to the last timeline entry');
    });

    it('exits 2 with a clear message for a missing file', () => {
      const r = runCli('run', fixture('nope.cluster.json'));
      assert.equal(r.code, 2);
      assert.equal(r.stdout, '');
      // The one documented shape, at 1:1 for an error about the whole file.
      assert.match(r.stderr, /nope\.cluster\.json:1:1: error: \$: cannot read the scenario: no such file\. Expected the path of a scenario file/);
    });

    it('prints the event log with --events, replayable line for line', () => {
      const a = runCli('run', fixture('two-nodes.cluster.json'), '--events');
      const b = runCli('run', fixture('two-nodes.cluster.json'), '--events');
      assert.equal(a.stdout, b.stdout);
      const first = JSON.parse(a.stdout.split('\n')[0]);
      assert.equal(first.kind, 'simulation.started');
      assert.match(a.stdout, /"kind":"link\.down","subject":"HV02\/LAN"/);
    });
  });

  describe('validate', () => {
    it('exits 0 on a valid scenario and reports its warnings without running it', () => {
      const r = runCli('validate', join(EXAMPLES, 'article-cluster.cluster.json'));
      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stdout, /valid scenario/);
      assert.doesNotMatch(r.stdout, /Migrations/);
    });

    it('exits 2 on an invalid scenario', () => {
      const r = runCli('validate', fixture('invalid.cluster.json'));
      assert.equal(r.code, 2);
      assert.match(r.stderr, /\$\.nodes\[0\]\.memory/);
    });

    it('gives diagnostics as JSON with --json', () => {
      const r = runCli('validate', fixture('invalid.cluster.json'), '--json');
      assert.equal(r.code, 2);
      const out = JSON.parse(r.stdout);
      assert.equal(out.valid, false);
      assert.ok(out.diagnostics.some((d: { path: unknown[] }) => d.path.join('.') === 'nodes.0.memory'));
    });
  });

  describe('usage', () => {
    it('exits 2 on an unknown command or option, with the usage', () => {
      for (const args of [['frobnicate', 'x'], ['run', 'x', '--fast'], ['run'], ['run', 'a', '--json', '--events']]) {
        const r = runCli(...args);
        assert.equal(r.code, 2, args.join(' '));
        assert.match(r.stderr, /Usage: fcsim/);
      }
    });

    it('prints help with exit 0', () => {
      const r = runCli('--help');
      assert.equal(r.code, 0);
      assert.match(r.stdout, /Exit codes/);
    });
  });
});
