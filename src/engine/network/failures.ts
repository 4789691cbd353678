import { ActionRejected } from '../model/actionRejected';
import type { RunContext } from '../model/runContext';
import { FABRIC_NETWORK } from './topology';

/**
 * Network failures as actions: a switch failing or coming back (`failNetwork`, `restoreNetwork`),
 * a node's cable pulled or plugged back (`disconnect`, `reconnect`). The network model fails the
 * flows that crossed them and tells its listeners; this module logs each transition with its
 * reason, before anything that follows from it (the composition root connects it first).
 */
export class NetworkFailures {
  private readonly net: RunContext['network'];

  constructor(ctx: Pick<RunContext, 'network' | 'emit'>) {
    const net = ctx.network;
    this.net = net;
    net.onChange((c) => {
      // The fabric is a modelling device, not a network anyone configured.
      if (c.network === FABRIC_NETWORK) return;
      if ('node' in c) {
        ctx.emit({ kind: c.kind, subject: `${c.node}/${c.network}`, node: c.node, network: c.network, reason: c.reason });
      } else {
        ctx.emit({ kind: c.kind, subject: c.network, reason: c.reason });
      }
    });
  }

  failNetwork(network: string): void {
    if (!this.net.isNetworkUp(network)) throw new ActionRejected(`network "${network}" is already down`);
    this.net.failNetwork(network, 'failNetwork');
  }

  restoreNetwork(network: string): void {
    if (this.net.isNetworkUp(network)) throw new ActionRejected(`network "${network}" is already up`);
    this.net.restoreNetwork(network, 'restoreNetwork');
  }

  /** Pulls `node`'s cable to `network`. */
  disconnect(node: string, network: string): void {
    if (!this.net.isAttached(node, network)) throw new ActionRejected(`${node} is not attached to "${network}"`);
    if (!this.net.isLinkUp(node, network)) throw new ActionRejected(`${node}'s link to "${network}" is already down`);
    this.net.disconnect(node, network, 'cable pulled');
  }

  /** Plugs `node`'s cable to `network` back. */
  reconnect(node: string, network: string): void {
    if (!this.net.isAttached(node, network)) throw new ActionRejected(`${node} is not attached to "${network}"`);
    if (this.net.isLinkUp(node, network)) throw new ActionRejected(`${node}'s link to "${network}" is already up`);
    this.net.reconnect(node, network, 'cable reconnected');
  }
}
