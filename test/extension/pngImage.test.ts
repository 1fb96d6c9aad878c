import { test } from 'node:test';
import assert from 'node:assert/strict';
import { pngBytes } from '../../src/extension/pngImage';
import { labWebviewMessageSchema } from '../../src/protocol/lab';

// The smallest PNG: 1 × 1, one transparent pixel.
const PIXEL =
  'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=';

test('a PNG data URL decodes to its bytes', () => {
  const bytes = pngBytes(PIXEL)!;
  assert.equal(bytes[0], 0x89);
  assert.equal(String.fromCharCode(...bytes.slice(1, 4)), 'PNG');
});

test('anything that is not a PNG is refused', () => {
  const notPng = `data:image/png;base64,${Buffer.from('<svg onload="x"/>'.repeat(4)).toString('base64')}`;
  assert.equal(pngBytes(notPng), null);
  assert.equal(pngBytes('data:image/png;base64,'), null);
  assert.equal(pngBytes(PIXEL.replace('image/png', 'text/html')), null);
});

test('the saveImage message is validated: a png name without folders, a base64 PNG data URL', () => {
  const message = (suggestedName: string, dataUrl: string) =>
    labWebviewMessageSchema.safeParse({
      type: 'saveImage',
      payload: { requestId: 'r1', suggestedName, dataUrl },
    }).success;
  assert.equal(message('run-loss.png', PIXEL), true);
  assert.equal(message('../run-loss.png', PIXEL), false);
  assert.equal(message('run-loss.exe', PIXEL), false);
  assert.equal(message('run-loss.png', 'data:text/html;base64,PGI+'), false);
  assert.equal(message('run-loss.png', `${PIXEL}<script>`), false);
});
