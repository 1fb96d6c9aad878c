/**
 * Python's `bisect.bisect_right`: the index after the last element `<= x`. Written as the same binary
 * search, so an unsorted list (torch does not check SequentialLR's milestones) gives torch's answer.
 */
export function bisectRight(a: readonly number[], x: number): number {
  let lo = 0;
  let hi = a.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (x < a[mid]!) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}
