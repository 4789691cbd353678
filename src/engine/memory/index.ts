export { DirtyBitmap, DENSITY_BUCKETS, MAX_PAGES, bucketStart, type ReadonlyBitmap } from './dirtyBitmap';
export { popcount32, lowestBit } from './popcount';
export { PAGE_SIZE, pagesFor } from './pages';
export { binomial, logFactorial, logFactorialRatio, type UniformSource } from './binomial';
export { dirtyRegion, cleanPagesHit } from './regionSampler';
export { WriteProcess, type DirtyEstimate, type MemoryWorkload } from './workload';
export { CopyTracker } from './copyTracker';
