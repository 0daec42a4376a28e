import { execFile, execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { LoadResult, LoadSpec } from './load-result.js';

/*
 * wrk (Debian/Ubuntu: `apt install wrk`) as the load generator: a C event loop that sends
 * prepared requests for a few microseconds of CPU each, so on a small machine the figures
 * are the server's, not the load generator's.
 */

/** wrk's Lua side: cycles through the prepared webhooks and prints the summary as JSON. */
const SCRIPT = `
local requests, count, index = {}, 0, 0
local threads = {}

function setup(thread) table.insert(threads, thread) end

function init(args)
  if args[1] == nil then return end
  for line in io.lines(args[1]) do
    local signature, body = line:match("^([^\\t]+)\\t(.*)$")
    count = count + 1
    requests[count] = wrk.format("POST", "/twilio", {
      ["Content-Type"] = "application/x-www-form-urlencoded",
      ["X-Twilio-Signature"] = signature,
    }, body)
  end
end

function request()
  if count == 0 then return wrk.format("GET", "/") end
  index = index + 1
  if index > count then
    index = 1
    wrk.thread:set("wrapped", 1)
  end
  return requests[index]
end

function done(summary, latency, requests)
  local any_wrapped = 0
  for _, thread in ipairs(threads) do any_wrapped = math.max(any_wrapped, thread:get("wrapped") or 0) end
  local e = summary.errors
  io.write(string.format('WRK_JSON {"requests":%d,"duration_us":%d,"status":%d,"errors":%d,"p99_us":%d,"wrapped":%d}\\n',
    summary.requests, summary.duration, e.status, e.connect + e.read + e.write + e.timeout, latency:percentile(99), any_wrapped))
end
`;

/** True when a `wrk` binary is on the PATH. */
export function wrkAvailable(): boolean {
  try {
    execFileSync('wrk', ['--version'], { stdio: 'ignore' });
    return true;
  } catch (error) {
    // wrk --version exits 1 after printing its version; only "not found" means absent.
    return (error as NodeJS.ErrnoException).code !== 'ENOENT';
  }
}

/**
 * Runs wrk with one thread (one core, like a single node process) against `spec.url`.
 * `webhooksFile` (from writeSignedWebhooks) is required for `webhook` runs.
 */
export function runWrk(spec: LoadSpec, workDir: string, webhooksFile?: string): Promise<LoadResult> {
  const script = join(workDir, 'wrk-load.lua');
  writeFileSync(script, SCRIPT);
  const target = spec.kind === 'webhook' ? `${spec.url}/twilio` : `${spec.url}/`;
  const args = ['-t1', `-c${spec.connections}`, `-d${spec.seconds}s`, '--timeout', '10s', '-s', script, target];
  if (spec.kind === 'webhook') {
    if (!webhooksFile) throw new Error('a webhook run needs the prepared webhooks file');
    args.push('--', webhooksFile);
  }
  return new Promise((resolve, reject) => {
    execFile('wrk', args, { maxBuffer: 1 << 20 }, (error, stdout) => {
      if (error) return reject(new Error(`wrk failed: ${error.message}`));
      const line = stdout.split('\n').find((l) => l.startsWith('WRK_JSON '));
      if (!line) return reject(new Error(`wrk printed no summary:\n${stdout}`));
      const r = JSON.parse(line.slice('WRK_JSON '.length)) as {
        requests: number;
        duration_us: number;
        status: number;
        errors: number;
        p99_us: number;
        wrapped: number;
      };
      resolve({
        rps: r.requests / (r.duration_us / 1e6),
        total: r.requests,
        non2xx: r.status,
        errors: r.errors,
        p99Ms: r.p99_us / 1000,
        wrapped: r.wrapped === 1,
      });
    });
  });
}
