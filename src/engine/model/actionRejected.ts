/**
 * Thrown by an action handler when the cluster refuses the action (target node down, not
 * enough memory...). The simulation turns it into an `action.rejected` event; nothing moves.
 */
export class ActionRejected extends Error {
  constructor(readonly reason: string) {
    super(reason);
    this.name = 'ActionRejected';
  }
}
