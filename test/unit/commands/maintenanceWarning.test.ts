import { strict as assert } from 'node:assert';
import { maintenanceWarning } from '../../../src/extension/commands/logic/maintenanceWarning';
import { createSimulation, loadScenario, takeSnapshot } from '../../../src/engine';
import { cluster } from '../../helpers/runScenario';

describe('commands: the confirmation before turning maintenance on', () => {
  const { scenario } = loadScenario(
    JSON.stringify(
      cluster({
        disks: [
          { name: 'CSV1', size: '1TiB', csv: true, path: 'fabric' },
          { name: 'CSV2', size: '1TiB', csv: true, path: 'fabric' },
        ],
        vms: [
          { name: 'WEB', owner: 'HV01', memory: '1GiB', disk: 'CSV1' },
          { name: 'SQL', owner: 'HV02', memory: '1GiB', disk: 'CSV1', offlineAction: 'shutdown' },
          { name: 'OLD', owner: 'HV02', memory: '1GiB', disk: 'CSV1', state: 'off' },
          { name: 'APP', owner: 'HV01', memory: '1GiB', disk: 'CSV2', offlineAction: 'turnOff' },
        ],
      }),
    ),
  );
  const snapshot = takeSnapshot(createSimulation(scenario!));

  it('names the running VMs that go offline and how (their offline action), not the ones already off', () => {
    const text = maintenanceWarning(snapshot, scenario, ['CSV1'])!;
    assert.match(text, /WEB \(saved\), SQL \(shut down\)/);
    assert.doesNotMatch(text, /OLD|APP/);
    assert.match(maintenanceWarning(snapshot, scenario, ['CSV2'])!, /APP \(turned off\)/);
  });

  it('asks nothing when no VM would go offline', () => {
    assert.equal(maintenanceWarning({ ...snapshot, vms: snapshot.vms.filter((v) => v.disk !== 'CSV2') }, scenario, ['CSV2']), null);
  });
});
