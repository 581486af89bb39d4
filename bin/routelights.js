#!/usr/bin/env node
// The installed `routelights` command: runs the compiled CLI (npm run build makes dist/).
import '../dist/app/cli/bin.js';
