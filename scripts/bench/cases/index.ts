import type { BenchCase } from '../measure';
import { cliStart } from './cliStart';
import { drainCases } from './drain';
import { editorDiagnostics } from './editorDiagnostics';
import { kernelMix, kernelSmallQueue } from './kernel';
import { liveMigration64 } from './liveMigration';
import { loadAtLimits } from './loadAtLimits';
import { networkFlows } from './network';
import { viewsRefresh, viewsRefreshLoaded } from './views';

/** Every benchmark case, in the order they run and are reported. */
export const CASES: readonly BenchCase[] = [
  liveMigration64,
  ...drainCases,
  kernelMix,
  kernelSmallQueue,
  networkFlows,
  viewsRefresh,
  viewsRefreshLoaded,
  editorDiagnostics,
  loadAtLimits,
  cliStart,
];
