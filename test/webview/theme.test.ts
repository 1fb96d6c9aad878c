import { test } from 'node:test';
import assert from 'node:assert/strict';
import { withAlpha } from '../../webview/shared/theme';

test('theme colours in any CSS form get an opacity: #rgb, #rrggbb, #rrggbbaa, rgb() and rgba()', () => {
  assert.equal(withAlpha('#3794ff', 0.5), 'rgba(55, 148, 255, 0.5)');
  assert.equal(withAlpha('#fff', 0.2), 'rgba(255, 255, 255, 0.2)');
  assert.equal(withAlpha('#3794ffcc', 0.1), 'rgba(55, 148, 255, 0.1)');
  assert.equal(withAlpha(' rgb(1, 2, 3) ', 0.3), 'rgba(1, 2, 3, 0.3)');
  assert.equal(withAlpha('rgba(204,204,204,0.5)', 0.25), 'rgba(204, 204, 204, 0.25)');
  assert.equal(withAlpha('transparent', 0.5), 'transparent', 'a named colour is left as it is');
});
