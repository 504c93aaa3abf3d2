#!/usr/bin/env node
// Runs the TypeScript sources directly: tsx registers its loader before the CLI module loads.
import { register } from 'tsx/esm/api';

register();
await import('../src/cli/main.ts');
