#!/usr/bin/env node
// The `skyddsnat` command: runs src/cli.ts on Node >= 22.18 (provisioned from npm if needed).
import { fileURLToPath } from 'node:url';
import { reexecUnderSupportedNode } from './node-runtime.mjs';

reexecUnderSupportedNode(fileURLToPath(import.meta.url));
await import('../src/cli.ts');
