// Test helper: takes the instance lock of the store named on the command line, says "locked",
// and holds it until killed (the lock test kills it with SIGKILL to play a crash).
import { acquireInstanceLock } from '../../core/store/instance-lock.js';

acquireInstanceLock(process.argv[2]!);
process.stdout.write('locked\n');
setInterval(() => undefined, 60_000);
