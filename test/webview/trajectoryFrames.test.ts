import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  frameCount,
  thinPoints,
  trajectoryPoints,
  visiblePoints,
} from '../../webview/surfaces/trajectoryFrames';

test('a flat trajectory becomes points, cut at the first non-finite coordinate', () => {
  assert.deepEqual(trajectoryPoints([0, 1, 2, 3, 4, 5]), [
    [0, 1],
    [2, 3],
    [4, 5],
  ]);
  assert.deepEqual(trajectoryPoints([0, 1, null, 3, 4, 5]), [[0, 1]]);
  assert.deepEqual(trajectoryPoints([0, 1, 2, Number.POSITIVE_INFINITY]), [[0, 1]]);
});

test('frames advance every run at the same step rate; the last frame shows everything', () => {
  const frames = frameCount(501);
  assert.equal(frames, 240);
  let prev = 0;
  for (let f = 0; f < frames; f++) {
    const n = visiblePoints(501, 501, f, frames);
    assert.ok(n >= prev, 'never goes back');
    prev = n;
  }
  assert.equal(visiblePoints(501, 501, 0, frames), 1);
  assert.equal(visiblePoints(501, 501, frames - 1, frames), 501);
  // A run that diverged after 100 steps is complete by 20 % of the animation and stays so.
  assert.equal(visiblePoints(101, 501, Math.ceil(frames * 0.2), frames), 101);
  assert.ok(visiblePoints(101, 501, Math.floor(frames * 0.1), frames) < 101);
  assert.equal(frameCount(30), 30);
});

test('thinning keeps the first and last points and at most the budget', () => {
  const pts = Array.from({ length: 1001 }, (_, i) => [i, 2 * i] as [number, number]);
  const thin = thinPoints(pts, 100);
  assert.equal(thin.length, 100);
  assert.deepEqual(thin[0], [0, 0]);
  assert.deepEqual(thin[99], [1000, 2000]);
  assert.equal(thinPoints(pts.slice(0, 10), 100).length, 10);
});
