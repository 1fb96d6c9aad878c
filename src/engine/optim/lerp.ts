/**
 * `torch.lerp(start, end, weight)` for one element, in torch's formula: it switches form at
 * |weight| = 0.5 so that both ends are reproduced exactly. torch 2.x moves the first moment with
 * `exp_avg.lerp_(grad, 1 - beta1)` (torch 1.13 used `mul_(beta1).add_(grad, alpha=1 - beta1)`,
 * which rounds differently in the last bit), so the Adam family calls this to match 2.x.
 */
export function lerp(start: number, end: number, weight: number): number {
  return Math.abs(weight) < 0.5 ? start + weight * (end - start) : end - (end - start) * (1 - weight);
}
