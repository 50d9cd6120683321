// Run by crash-guard.test.ts in its own Node process: installs the web host's crash guard, then
// fails the way a stray callback or promise would, and says whether it lived through both (timers
// of the same delay run in the order they were set).
import { createLogger, stderrSink } from '../../../electron/core/logging';
import { logUncaughtErrors } from '../../../electron/host/crash-guard';

logUncaughtErrors(process, createLogger(stderrSink));
void Promise.reject(new Error('rejected by a request'));
setTimeout(() => {
  throw new TypeError('thrown from a callback');
}, 0);
setTimeout(() => {
  process.stdout.write('still running\n');
}, 0);
