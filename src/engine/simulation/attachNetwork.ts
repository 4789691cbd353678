import { FABRIC_NETWORK } from '../network/topology';
import type { Simulation } from './simulation';
import { ActionRejected } from './actionRejected';

/**
 * Network failures as timeline actions: a switch failing, a node's cable pulled. The network
 * model fails the flows that crossed them; this module logs each transition with its reason.
 */
export function attachNetwork(sim: Simulation): void {
  const net = sim.network;
  net.onChange((c) => {
    // The fabric is a modelling device, not a network anyone configured.
    if (c.network === FABRIC_NETWORK) return;
    if ('node' in c) {
      sim.emit({ kind: c.kind, subject: `${c.node}/${c.network}`, node: c.node, network: c.network, reason: c.reason });
    } else {
      sim.emit({ kind: c.kind, subject: c.network, reason: c.reason });
    }
  });

  sim.handle('failNetwork', (a) => {
    if (!net.isNetworkUp(a.network)) throw new ActionRejected(`network "${a.network}" is already down`);
    net.failNetwork(a.network, 'failNetwork');
  });
  sim.handle('restoreNetwork', (a) => {
    if (net.isNetworkUp(a.network)) throw new ActionRejected(`network "${a.network}" is already up`);
    net.restoreNetwork(a.network, 'restoreNetwork');
  });
  sim.handle('disconnect', (a) => {
    if (!net.isAttached(a.node, a.network)) throw new ActionRejected(`${a.node} is not attached to "${a.network}"`);
    if (!net.isLinkUp(a.node, a.network)) throw new ActionRejected(`${a.node}'s link to "${a.network}" is already down`);
    net.disconnect(a.node, a.network, 'cable pulled');
  });
  sim.handle('reconnect', (a) => {
    if (!net.isAttached(a.node, a.network)) throw new ActionRejected(`${a.node} is not attached to "${a.network}"`);
    if (net.isLinkUp(a.node, a.network)) throw new ActionRejected(`${a.node}'s link to "${a.network}" is already up`);
    net.reconnect(a.node, a.network, 'cable reconnected');
  });
}
