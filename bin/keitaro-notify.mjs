#!/usr/bin/env node
// The package's command: the admin CLI, run through tsx so the TypeScript sources are the
// only build.
import { register } from 'tsx/esm/api';

register();
await import('../src/cli.ts');
