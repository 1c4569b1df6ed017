// The benchmark's unix socket client, in a worker thread of its own: playwright's event loop handles a CDP event for
// every WebSocket frame of every page, and a socket read waiting behind those would slow the console (the backend
// blocks, as a lossless client should). Counts bytes, sends commands and reports when a marker arrives; while tracing
// it also keeps when each chunk arrived (the keystroke timeline: when the service had the echo out).
import { parentPort, workerData } from 'node:worker_threads';
import net from 'node:net';

const client = net.createConnection(workerData.socketPath);
let marker = null, tail = '', received = 0, chunks = null;
client.setNoDelay(true);
client.on('connect', () => parentPort.postMessage({ connected: true }));
client.on('data', chunk => {
  received += chunk.length;
  if (chunks) chunks.push({ at: performance.timeOrigin + performance.now(), text: chunk.toString('latin1') });
  if (marker === null) return;
  const text = tail + chunk.toString('latin1');
  if (text.includes(marker)) {
    parentPort.postMessage({ marker, at: performance.timeOrigin + performance.now(), received });
    marker = null;
  }
  tail = text.slice(-64);
});
parentPort.on('message', ({ write, watch, end, trace }) => {
  if (trace === 'start') chunks = [];
  if (trace === 'stop') parentPort.postMessage({ chunks }), chunks = null;
  if (watch !== undefined) { marker = watch; tail = ''; }
  if (write !== undefined) parentPort.postMessage({ sent: performance.timeOrigin + performance.now(), received }), client.write(write);
  if (end) client.destroy();
});
