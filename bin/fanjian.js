#!/usr/bin/env node
// The fanjian command: a thin entry point; the CLI lives in src/cli (compiled to dist/cli). The worker threads the
// job will use start first (src/cli/early-workers.ts), loading beside the CLI's own bundle.
const notBuilt = (error) => {
  if (error && error.code === 'ERR_MODULE_NOT_FOUND' && String(error.message).includes('dist/cli')) {
    console.error('fanjian: the package is not built. Run "npm install" (or "npm run build") in the fanjian folder.');
    process.exit(2);
  }
  throw error;
};

import('../dist/cli/early-workers.bundle.js').then(({ startEarlyWorkers }) => {
  const workers = startEarlyWorkers(process.argv.slice(2));
  return import('../dist/cli/main.bundle.js').then((cli) => cli.runProcess(workers), notBuilt);
}, notBuilt);
