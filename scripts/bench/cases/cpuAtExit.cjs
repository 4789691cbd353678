// Preloaded (`node --require`) by the cliStart benchmark into each process it measures: writes the
// process's CPU time (user + system, ms) to file descriptor 3 when it exits.
'use strict';
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { writeSync } = require('node:fs');

process.on('exit', () => {
  const { user, system } = process.cpuUsage();
  try {
    writeSync(3, `${(user + system) / 1000}\n`);
  } catch {
    // fd 3 is not open: run outside the benchmark.
  }
});
