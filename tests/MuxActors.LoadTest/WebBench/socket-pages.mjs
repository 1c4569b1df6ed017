// --socketPages 1: pages without a browser, in a worker thread. Each speaks the page's protocol (docs/web.md) over a
// WebSocket and acknowledges every frame as it arrives, as a page whose xterm.js were infinitely fast would, so the
// figures hold what the service costs with N pages attached and none of a browser's rendering.
// Messages in: { open: url, count }, { watch: text } (every page reports when its stream first shows the text),
// { key: letter } (page 0 sends it as input; every page reports when the letter first arrives after that), { close }.
import { parentPort } from 'node:worker_threads';

if (typeof WebSocket !== 'function') throw new Error('--socketPages needs a Node.js with WebSocket (22, or 20 with --experimental-websocket)');
const now = () => performance.timeOrigin + performance.now();
const T = { hello: 1, input: 2, ack: 3, welcome: 0x11, data: 0x12, screen: 0x13 };
let pages = [], watching = null;

const frame = (type, payload = new Uint8Array(0)) => {
  const bytes = new Uint8Array(1 + payload.length);
  bytes[0] = type;
  bytes.set(payload, 1);
  return bytes;
};
const ack = length => {
  const payload = new Uint8Array(4);
  new DataView(payload.buffer).setUint32(0, length);
  return frame(T.ack, payload);
};
const open = (url, index) => new Promise((resolve, reject) => {
  const page = { index, socket: new WebSocket(url), tail: '', seen: null, screens: 0, bytes: 0 };
  page.socket.binaryType = 'arraybuffer';
  page.socket.onopen = () => page.socket.send(frame(T.hello));
  page.socket.onerror = () => reject(new Error(`socket page ${index} could not connect to ${url}`));
  page.socket.onmessage = ({ data }) => {
    const bytes = new Uint8Array(data), type = bytes[0];
    if (type === T.welcome) return;
    if (type !== T.data && type !== T.screen) return;
    if (type === T.screen && page.screens++ === 0) resolve(page); // joined: the first screen came
    const payload = bytes.subarray(1);
    page.bytes += payload.length;
    page.socket.send(ack(payload.length));
    if (!watching || page.seen !== null) return;
    const text = (type === T.screen ? '' : page.tail) + Buffer.from(payload).toString('latin1');
    if (text.includes(watching.text)) {
      page.seen = now();
      if (pages.every(p => p.seen !== null)) parentPort.postMessage({ seen: pages.map(p => p.seen), since: watching.since });
    }
    page.tail = text.slice(-64);
  };
});

// Every page reports (through the message handler above) when its stream first shows the text from now on.
const watch = text => {
  for (const page of pages) { page.seen = null; page.tail = ''; }
  watching = { text, since: now() };
};

parentPort.on('message', async message => {
  if (message.open) {
    pages = await Promise.all(Array.from({ length: message.count }, (_, i) => open(message.open, i)));
    parentPort.postMessage({ opened: pages.length });
  } else if (message.watch !== undefined) {
    watch(message.watch);
    parentPort.postMessage({ watching: true });
  } else if (message.key !== undefined) {
    watch(message.key);
    pages[0].socket.send(frame(T.input, new TextEncoder().encode(message.key)));
  } else if (message.stats) {
    parentPort.postMessage({ stats: pages.map(p => ({ screens: p.screens, bytes: p.bytes })) });
  } else if (message.close) {
    for (const page of pages) page.socket.close();
    pages = [];
    parentPort.postMessage({ closed: true });
  }
});
