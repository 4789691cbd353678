/**
 * Live migration by drag and drop: drag VMs (from Virtual Machines or from under a node) onto a
 * node, or onto a VM under a node, and `fcsim.liveMigrate` is run with (VM target(s), node name).
 */
import * as vscode from 'vscode';
import type { Logger } from '../logger';
import type { ClusterExplorerProvider } from './clusterExplorerProvider';
import type { ExplorerItem } from './items/explorerItem';
import { dropPlan } from './model/dragDrop';
import { asTargets } from './target';

const EXPLORER_MIME = 'application/vnd.code.tree.fcsim.clusterexplorer';
const LIVE_MIGRATE_COMMAND = 'fcsim.liveMigrate';

/** The dragged items as text (another window's drag): anything but JSON stands for nothing. */
function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

export class ExplorerDragAndDrop implements vscode.TreeDragAndDropController<ExplorerItem> {
  readonly dragMimeTypes = [EXPLORER_MIME];
  readonly dropMimeTypes = [EXPLORER_MIME];

  constructor(
    private readonly provider: ClusterExplorerProvider,
    private readonly log: Logger,
  ) {}

  handleDrag(source: readonly ExplorerItem[], dataTransfer: vscode.DataTransfer): void {
    const vms = source.map((s) => s.target).filter((t) => t.kind === 'vm');
    if (vms.length) dataTransfer.set(EXPLORER_MIME, new vscode.DataTransferItem(vms));
  }

  async handleDrop(target: ExplorerItem | undefined, dataTransfer: vscode.DataTransfer, token: vscode.CancellationToken): Promise<void> {
    const entry = dataTransfer.get(EXPLORER_MIME);
    if (!entry || token.isCancellationRequested) return;
    await this.log.guard('Live migration by drag and drop', async () => {
      const value: unknown = entry.value ?? (await entry.asString());
      const dragged = asTargets(typeof value === 'string' ? parseJson(value) : value);
      const plan = dropPlan(this.provider.model.tree, dragged, target?.id);
      if (!plan) return;
      this.log.info(`Drag and drop: live-migrate ${plan.vms.map((v) => v.name).join(', ')} to ${plan.node}`);
      await vscode.commands.executeCommand(LIVE_MIGRATE_COMMAND, plan.vms.length === 1 ? plan.vms[0] : plan.vms, plan.node);
    });
  }
}
