// Requests that arrive on their own schedule, as independent visitors do (Poisson arrivals at a fixed
// mean rate), whatever the server's answers: each latency counts from the moment the request was due, so
// a slow answer cannot hide the queue behind it. autocannon's rate option sends each connection's quota
// back to back at every second's tick (bursts), and a closed loop of N connections measures N × the
// service time once saturated (Little's law), not what a visitor waits for.
import http from 'node:http';
import { mulberry32 } from './words.js';

export interface OpenLoopResult {
  /** Milliseconds from each request's due time to the end of its body. */
  times: number[];
  requests: number;
  errors: number;
  seconds: number;
}

export async function openLoop(options: {
  origin: string;
  paths: string[];
  ratePerSecond: number;
  seconds: number;
  headers: Record<string, string>;
  seed: number;
}): Promise<OpenLoopResult> {
  const random = mulberry32(options.seed);
  // Enough sockets that a request never waits for a free one on the client side.
  const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });
  const result: OpenLoopResult = { times: [], requests: 0, errors: 0, seconds: options.seconds };
  const start = performance.now();
  const end = start + options.seconds * 1000;
  const inFlight: Promise<void>[] = [];
  let due = start;
  let next = Math.floor(random() * options.paths.length);
  for (;;) {
    // Exponential gaps between arrivals: a Poisson process of the given mean rate.
    due += (-Math.log(1 - random()) / options.ratePerSecond) * 1000;
    if (due >= end) break;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    const scheduled = due;
    const path = options.paths[next++ % options.paths.length]!;
    inFlight.push(
      get(agent, options.origin + path, options.headers).then(
        (status) => {
          result.requests += 1;
          if (status < 200 || status >= 300) result.errors += 1;
          result.times.push(performance.now() - scheduled);
        },
        () => {
          result.requests += 1;
          result.errors += 1;
        },
      ),
    );
  }
  await Promise.all(inFlight);
  agent.destroy();
  return result;
}

/** The status once the whole (still compressed) body has arrived. */
function get(agent: http.Agent, url: string, headers: Record<string, string>): Promise<number> {
  return new Promise((resolve, reject) => {
    http
      .get(url, { agent, headers }, (response) => {
        response.on('data', () => {});
        response.on('end', () => resolve(response.statusCode ?? 0));
        response.on('error', reject);
      })
      .on('error', reject);
  });
}
