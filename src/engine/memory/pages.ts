import { PAGE_SIZE, type Bytes } from '../scenario/model';

export { PAGE_SIZE };

/** Pages needed to hold `bytes` (a partial page counts as a whole one). */
export function pagesFor(bytes: Bytes): number {
  if (!(bytes >= 0) || !Number.isFinite(bytes)) throw new RangeError(`not a byte count: ${bytes}`);
  return Math.ceil(bytes / PAGE_SIZE);
}
