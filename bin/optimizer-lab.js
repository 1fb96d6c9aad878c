#!/usr/bin/env node
// The CLI is bundled to dist/cli.js by `npm run build` (run by `npm ci` through `prepare`).
require('../dist/cli.js');
