import { test } from 'node:test';
import assert from 'node:assert/strict';
import { userCodeLocation } from '../../src/extension/userCodeLocation';

test("a failed pytorch run's message opens the user's file at the crashing line", () => {
  const at = userCodeLocation(
    'nets/model.py:12: ValueError: bad shape\nTraceback (most recent call last):\n  File "x.py", line 3',
    '/ws/exp',
  );
  assert.deepEqual(at, {
    file: '/ws/exp/nets/model.py',
    line: 12,
    text: 'ValueError: bad shape',
    key: '/ws/exp/nets/model.py:12',
  });
  assert.equal(userCodeLocation('the worker exited with code 1', '/ws'), null);
  assert.equal(userCodeLocation(null, '/ws'), null);
});
