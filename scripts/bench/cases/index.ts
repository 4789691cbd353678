import type { BenchCase } from '../measure';
import { drainCases } from './drain';
import { editorDiagnostics } from './editorDiagnostics';
import { kernelMix } from './kernel';
import { liveMigration64 } from './liveMigration';
import { networkFlows } from './network';
import { viewsRefresh, viewsRefreshLoaded } from './views';

/** Every benchmark case, in the order they run and are reported. */
export const CASES: readonly BenchCase[] = [liveMigration64, ...drainCases, kernelMix, networkFlows, viewsRefresh, viewsRefreshLoaded, editorDiagnostics];
