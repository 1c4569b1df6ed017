// The web terminal benchmark (docs/benchmarks.md, "Web terminal (issue 17)"). Started by ../run-web-benchmark.sh.
//
// One muxactors service: a shell under a pty as the console, a web backend and a unix socket. Each run `cat`s a text
// file in the shell with 0, 1 or 8 xterm.js pages attached (headless Debian chromium through playwright-core); the
// socket client times the console from the command to the end marker, every page records when its xterm.js buffer
// shows the marker. The page counts take turns in every round. Then, with 8 pages, keys typed into one page are timed
// from its keydown to the echo in each page's buffer (both clocks are the browser's, so they compare).
import { chromium } from 'playwright-core';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import { Worker } from 'node:worker_threads';
import os from 'node:os';
import path from 'node:path';

const options = { dll: null, mib: 50, rounds: 3, pages: [0, 1, 8], keys: 200, keyPages: 8, browserNice: 0, split: 0, chromeTrace: null, floodTrace: null, deferAfterInput: 1, idleSeconds: 0, warmPages: 0, socketPages: 0, keyInterval: 0 };
for (let i = 2; i < process.argv.length; i += 2) {
  const [name, value] = [process.argv[i].replace(/^--/, ''), process.argv[i + 1]];
  if (name === 'pages') options.pages = value.split(',').map(Number);
  else if (name === 'dll') options.dll = path.resolve(value);
  else if (name === 'chromeTrace' || name === 'floodTrace') options[name] = path.resolve(value);
  else if (name in options) options[name] = Number(value);
  else { console.error(`unknown option --${name}`); process.exit(2); }
}
if (!options.dll) { console.error('--dll path/to/muxactors.dll is required'); process.exit(2); }

const now = () => performance.timeOrigin + performance.now();
const median = xs => { const s = [...xs].sort((a, b) => a - b); const m = s.length >> 1; return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2; };
const percentile = (xs, p) => { const s = [...xs].sort((a, b) => a - b); return s[Math.min(s.length - 1, Math.ceil(p / 100 * s.length) - 1)]; };
const cpuSeconds = pid => {
  try {
    const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    // utime, stime and those of reaped children (the shell's cats, chromium's closed renderers), in USER_HZ = 100 ticks
    return (Number(fields[11]) + Number(fields[12]) + Number(fields[13]) + Number(fields[14])) / 100;
  } catch { return 0; }
};
// Every process below pid (chromium's renderers and helpers), for the browser's CPU time.
const descendants = pid => {
  const children = [];
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const ppid = Number(fs.readFileSync(`/proc/${entry}/stat`, 'utf8').split(') ')[1].split(' ')[1]);
      if (ppid === pid) children.push(Number(entry), ...descendants(Number(entry)));
    } catch { /* gone */ }
  }
  return children;
};

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'muxactors-webbench-'));
const textFile = path.join(dir, 'big.txt');
{
  const line = i => `${String(i).padStart(8, '0')} the quick brown fox jumps over the lazy dog 0123456789 ABCDEFGHIJKL\n`;
  const target = options.mib * 1024 * 1024, parts = [];
  let size = 0;
  for (let i = 0; size < target; i++) { const l = line(i); parts.push(l); size += l.length; }
  fs.writeFileSync(textFile, parts.join(''));
}
const socketPath = path.join(dir, 'sock');
const config = path.join(dir, 'bench.conf');
fs.writeFileSync(config, `muxactors {
  management.listen = off
  muxes.bench {
    frontend { type = exec, command = ["/bin/sh"], env { PS1 = "$ ", TERM = xterm-256color } }
    backends {
      web  { type = web, listen = "127.0.0.1:0" }
      sock { type = unix-server, path = "${socketPath}" }
    }
  }
}
`);

// --split 1: the service (and the shell and cat it starts) on CPU 0, chromium on CPU 1, as when the pages run on
// other computers than the console's: the console keeps a core of its own whatever the browsers do.
const service = options.split
  ? spawn('taskset', ['-c', '0', 'dotnet', options.dll, '--config', config], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] })
  : spawn('dotnet', [options.dll, '--config', config], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
let serviceLog = '';
process.on('exit', () => service.kill('SIGTERM')); // also when a run fails
const baseUrl = await new Promise((resolve, reject) => {
  const timer = setTimeout(() => reject(new Error('muxactors did not serve the console within 60 s:\n' + serviceLog)), 60000);
  const scan = chunk => {
    serviceLog += chunk;
    const url = /serving the console at (http:\/\/127\.0\.0\.1:\d+\/)/.exec(serviceLog);
    if (url) { clearTimeout(timer); resolve(url[1]); }
  };
  service.stdout.on('data', scan);
  service.stderr.on('data', scan);
  service.on('exit', code => reject(new Error(`muxactors exited (${code}):\n${serviceLog}`)));
});

// The socket client (console-client.mjs, a worker thread): times each command from its sending to its marker.
const client = new Worker(new URL('./console-client.mjs', import.meta.url), { workerData: { socketPath } });
const clientMessage = () => new Promise(resolve => client.once('message', resolve));
await clientMessage();
const run = async (command, marker, timeoutMs = 300000) => {
  client.postMessage({ watch: marker });
  const sending = clientMessage();
  client.postMessage({ write: command + '\n' });
  const { sent, received: before } = await sending;
  let timer;
  const seen = await Promise.race([clientMessage(), new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no '${marker}' from the console within ${timeoutMs} ms`)), timeoutMs);
  })]);
  clearTimeout(timer);
  return { start: sent, end: seen.at, bytes: seen.received - before };
};
await run("stty -echoctl; echo RE''ADY", 'READY');

// --browserNice N: chromium at a lower priority, as if the pages ran on other cores than the console's.
let executablePath = process.env.CHROMIUM || '/usr/bin/chromium';
if (options.browserNice > 0) {
  const wrapper = path.join(dir, 'chromium-niced');
  fs.writeFileSync(wrapper, `#!/bin/sh\nexec nice -n ${options.browserNice} ${executablePath} "$@"\n`, { mode: 0o755 });
  executablePath = wrapper;
}
// --deferAfterInput 0 (a diagnosis, not the figure: Chrome ships with it on): chromium without DeferRendererTasksAfterInput,
// which holds a page's WebSocket (and worker message) tasks after a key press until the next frame has been drawn.
// Added to playwright's own --disable-features (a second switch of that name would replace the first).
if (!options.deferAfterInput) {
  const wrapper = path.join(dir, 'chromium-no-defer');
  fs.writeFileSync(wrapper, `#!/bin/bash
args=()
for a in "$@"; do case "$a" in --disable-features=*) a="$a,DeferRendererTasksAfterInput";; esac; args+=("$a"); done
exec ${executablePath} "\${args[@]}"
`, { mode: 0o755 });
  executablePath = wrapper;
}
if (options.split) {
  const wrapper = path.join(dir, 'chromium-cpu1');
  fs.writeFileSync(wrapper, `#!/bin/sh\nexec taskset -c 1 ${executablePath} "$@"\n`, { mode: 0o755 });
  executablePath = wrapper;
}
const browser = options.socketPages ? null : await chromium.launch({ executablePath, args: ['--no-sandbox'] });
// --socketPages 1: the pages are WebSocket clients of the page's protocol in a worker thread (socket-pages.mjs), which
// acknowledge every frame at once: the service's cost of N pages without any browser's.
const socketPages = options.socketPages ? new Worker(new URL('./socket-pages.mjs', import.meta.url)) : null;
const askSockets = (message, answer) => new Promise((resolve, reject) => {
  const on = reply => { if (answer in reply) { socketPages.off('message', on); socketPages.off('error', reject); resolve(reply); } };
  socketPages.on('message', on);
  socketPages.once('error', reject);
  socketPages.postMessage(message);
});
const wsUrl = baseUrl.replace(/^http/, 'ws') + 'ws';
// Every page records when its buffer first shows each wanted line at the cursor's row or the two above it (the end
// marker is followed by the prompt).
const installHook = page => page.evaluate(() => {
  const term = window.muxterm.term, seen = new Map(), keydowns = [], stamps = [];
  let wanted = new Set();
  window.addEventListener('keydown', event => {
    keydowns.push(performance.timeOrigin + performance.now());
    stamps.push(performance.timeOrigin + event.timeStamp); // when the browser made the event, before it reached the page
  }, true);
  const trace = window.keyTrace;
  if (trace) {
    const write = term.write;
    term.write = (data, callback) => { trace.writes.push(performance.timeOrigin + performance.now()); return write.call(term, data, callback); };
  }
  const waiting = new Map(); // text → resolvers of `when`
  term.onWriteParsed(() => {
    const t = performance.timeOrigin + performance.now(), buffer = term.buffer.active, y = buffer.baseY + buffer.cursorY;
    for (let row = Math.max(0, y - 2); row <= y; row++) {
      const text = buffer.getLine(row)?.translateToString(true);
      if (text && wanted.has(text) && !seen.has(text)) {
        seen.set(text, t);
        for (const resolve of waiting.get(text) ?? []) resolve(t);
        waiting.delete(text);
      }
    }
  });
  // when(text): a promise of the time the text was first seen, so the driver waits without polling the page (polling
  // 8 pages costs their renderers CPU the console would otherwise have).
  const when = text => seen.has(text) ? Promise.resolve(seen.get(text))
    : new Promise(resolve => waiting.set(text, [...(waiting.get(text) ?? []), resolve]));
  window.bench = { keydowns, stamps, want: texts => { wanted = new Set(texts); }, find: text => seen.get(text) ?? null, when };
});
// When the page first showed the text (its clock), failing after timeoutMs.
const seenOn = (page, text, timeoutMs = 60000) => {
  let timer;
  const late = new Promise((_, reject) => { timer = setTimeout(() => reject(new Error(`a page did not show '${text}' within ${timeoutMs} ms`)), timeoutMs); });
  return Promise.race([page.evaluate(t => window.bench.when(t), text), late]).finally(() => clearTimeout(timer));
};
const want = (pages, texts) => Promise.all(pages.map(({ page }) => page.evaluate(t => window.bench.want(t), texts)));
// The keystroke timeline: the page's input frames (ws.send) and data frames (the WebSocket's message handler, before
// the page's own) with their times, installed before the page's script runs; term.write is wrapped by installHook.
const traceSocket = () => {
  const now = () => performance.timeOrigin + performance.now();
  const trace = window.keyTrace = { sends: [], sent: [], messages: [], writes: [] };
  const proto = WebSocket.prototype, send = proto.send, onmessage = Object.getOwnPropertyDescriptor(proto, 'onmessage');
  proto.send = function (frame) {
    const input = frame instanceof Uint8Array && frame[0] === 0x02;
    if (input) trace.sends.push(now());
    const result = send.call(this, frame);
    if (input) trace.sent.push(now());
    return result;
  };
  Object.defineProperty(proto, 'onmessage', {
    configurable: true,
    get() { return onmessage.get.call(this); },
    set(handler) {
      onmessage.set.call(this, function (event) {
        if (event.data instanceof ArrayBuffer && new Uint8Array(event.data, 0, 1)[0] === 0x12) trace.messages.push(now());
        return handler.call(this, event);
      });
    },
  });
};
const openPages = async (count, traced = false) => {
  const pages = [];
  for (let i = 0; i < count; i++) {
    const context = await browser.newContext({ viewport: { width: 900, height: 520 } });
    if (traced) await context.addInitScript(traceSocket);
    const page = await context.newPage();
    await page.goto(baseUrl);
    await page.waitForFunction(() => window.muxterm && window.muxterm.stats.connected && window.muxterm.stats.screens > 0);
    await installHook(page);
    pages.push({ context, page });
  }
  return pages;
};
const closePages = pages => Promise.all(pages.map(p => p.context.close()));

// CPU seconds by kind of process: the service (muxactors), the console (the shell and its cats), and chromium's
// renderers (the pages), GPU process and the rest of it (browser, network, utilities).
const kindOf = (pid, consoleTree) => {
  if (pid === service.pid) return 'service';
  if (consoleTree.has(pid)) return 'console';
  let cmdline = '';
  try { cmdline = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8'); } catch { return 'gone'; }
  if (!cmdline) return 'gone'; // a zombie: its time moves to its parent once reaped
  const type = /--type=([a-z-]+)/.exec(cmdline);
  return type ? ({ renderer: 'renderer', 'gpu-process': 'gpu' })[type[1]] ?? 'chromium' : 'chromium';
};
const cpu = () => {
  const byKind = { service: 0, console: 0, renderer: 0, gpu: 0, chromium: 0, gone: 0 };
  const consoleTree = new Set(descendants(service.pid));
  for (const pid of descendants(process.pid)) byKind[kindOf(pid, consoleTree)] += cpuSeconds(pid);
  delete byKind.gone;
  byKind.browser = byKind.renderer + byKind.gpu + byKind.chromium;
  return byKind;
};
// Closed pages' renderers exit a little later: the next run starts once only those of an idle browser are left (or
// after 10 s).
const renderers = () => descendants(process.pid).filter(pid => {
  try { return fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('--type=renderer'); } catch { return false; }
}).length;
const idleRenderers = renderers();
const renderersGone = async () => {
  const deadline = Date.now() + 10000;
  while (renderers() > idleRenderers && Date.now() < deadline) await new Promise(resolve => setTimeout(resolve, 50));
};
const cpuDelta = (a, b) => Object.fromEntries(Object.keys(b).map(k => [k, b[k] - a[k]]));
// Pages that were just opened keep their renderers busy for a while (xterm.js fitting its font, first frames): the
// run starts once the browser has been idle for 250 ms (under 10 ms of CPU), as attached pages are, or after 10 s.
const settle = async () => {
  const start = Date.now();
  for (let last = cpu().browser; Date.now() - start < 10000;) {
    await new Promise(resolve => setTimeout(resolve, 250));
    const now = cpu().browser;
    if (now - last < 0.01) break;
    last = now;
  }
  return Date.now() - start;
};

// PROFILE_PAGE=1: the first page's JavaScript profile in the first round of each page count (the top functions by
// self time), to see where a renderer's time goes.
const startProfile = async ({ context, page }) => {
  const cdp = await context.newCDPSession(page);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.start');
  return cdp;
};
const stopProfile = async (cdp, n) => {
  const { profile } = await cdp.send('Profiler.stop');
  const self = new Map(), dt = profile.timeDeltas, byId = new Map(profile.nodes.map(node => [node.id, node]));
  profile.samples.forEach((id, i) => {
    const f = byId.get(id).callFrame, key = `${f.functionName || '(anonymous)'} ${f.url.split('/').pop()}:${f.lineNumber}`;
    self.set(key, (self.get(key) ?? 0) + (dt[i] ?? 0) / 1000);
  });
  const total = [...self.values()].reduce((a, b) => a + b, 0);
  console.log(`profile of page 1 of ${n} (${(total / 1000).toFixed(2)} s sampled):`);
  for (const [key, ms] of [...self].sort((a, b) => b[1] - a[1]).slice(0, 15)) console.log(`  ${ms.toFixed(0).padStart(6)} ms  ${key}`);
};
const load = () => fs.readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
const fileBytes = fs.statSync(textFile).size;
console.log(`# web benchmark: ${options.mib} MiB (${fileBytes} bytes), ${options.rounds} rounds of ${options.pages.join('/')} pages; chromium at nice ${options.browserNice}${options.split ? ', service on CPU 0 and chromium on CPU 1' : ''}${options.deferAfterInput ? '' : ', DeferRendererTasksAfterInput off'}; service pid ${service.pid}; load ${load()}`);
// --idleSeconds N: what 8 open pages cost while nothing happens, without and with xterm.js's blinking cursor (the
// page does not blink it: docs/web.md).
if (options.idleSeconds > 0 && !socketPages) {
  for (const blink of [false, true]) {
    const pages = await openPages(8);
    if (blink) await Promise.all(pages.map(({ page }) => page.evaluate(() => { window.muxterm.term.options.cursorBlink = true; })));
    await settle();
    const before = cpu().browser;
    await new Promise(resolve => setTimeout(resolve, options.idleSeconds * 1000));
    console.log(`8 idle pages, ${blink ? 'cursor blinking' : 'as served'}: chromium ${(cpu().browser - before).toFixed(2)} CPU-seconds in ${options.idleSeconds} s`);
    await closePages(pages);
    await renderersGone();
  }
}
// Round -1 warms up and is not counted: a fresh service spends most of its CPU in the JIT on paths it has not run yet
// (46% in libclrjit.so in a perf profile of a first 8-page run), and the file gets into the page cache.
const results = new Map(options.pages.map(n => [n, []]));
for (let round = -1; round < options.rounds; round++) {
  for (const n of options.pages) {
    const pages = socketPages ? (n ? (await askSockets({ open: wsUrl, count: n }, 'opened'), []) : []) : await openPages(n);
    // --warmPages 1: the pages first show 2 MiB of the file (untimed), as pages that have been attached for a while
    // have: their renderers have compiled xterm.js's parser and renderer by then.
    if (options.warmPages && n > 0) await run(`head -c 2097152 ${textFile}; echo WA''RM`, 'WARM');
    const settled = await settle();
    const before = cpu(), driverBefore = process.cpuUsage();
    const marker = `END-${round}-${n}`;
    await want(pages, [marker]);
    if (socketPages && n) await askSockets({ watch: marker }, 'watching');
    const socketsSeen = socketPages && n ? askSockets({}, 'seen') : null;
    const flood = options.floodTrace && round === 0 && n === Math.max(...options.pages);
    if (flood) await browser.startTracing(pages[0].page, { categories: ['toplevel', 'devtools.timeline', 'disabled-by-default-devtools.timeline', 'blink', 'v8', 'cc', 'viz', 'gpu', 'renderer.scheduler'] });
    const profiler = process.env.PROFILE_PAGE && round === 0 && n > 0 ? await startProfile(pages[0]) : null;
    const { start, end, bytes } = await run(`cat ${textFile}; echo ${marker.replace('-', "''-")}`, marker);
    const consoleMs = end - start;
    const rendered = socketsSeen ? (await socketsSeen).seen : await Promise.all(pages.map(({ page }) =>
      seenOn(page, marker, 600000)));
    const after = cpu();
    if (flood) fs.writeFileSync(options.floodTrace, await browser.stopTracing());
    if (profiler) await stopProfile(profiler, n);
    const stats = socketPages ? (n ? (await askSockets({ stats: true }, 'stats')).stats : [])
      : await Promise.all(pages.map(({ page }) => page.evaluate(() => window.muxterm.stats)));
    const row = {
      round, pages: n, consoleMs, mbps: bytes / 1e6 / (consoleMs / 1000),
      lastPageMs: rendered.length ? Math.max(...rendered) - start : null,
      resyncs: stats.reduce((s, x) => s + x.screens - 1, 0),
      pageMB: stats.length ? stats.reduce((s, x) => s + x.bytes, 0) / stats.length / 1e6 : 0,
      cpu: { ...cpuDelta(before, after), driver: (() => { const d = process.cpuUsage(driverBefore); return (d.user + d.system) / 1e6; })() },
    };
    if (round >= 0) results.get(n).push(row);
    console.log(`${round < 0 ? 'warm-up' : 'round ' + round} pages ${n}: console ${consoleMs.toFixed(0)} ms = ${row.mbps.toFixed(1)} MB/s` +
      (n ? `; every page rendered the last line after ${row.lastPageMs.toFixed(0)} ms; resyncs ${row.resyncs}; ${row.pageMB.toFixed(1)} MB written per page` : '') +
      `; pages settled in ${settled} ms; cpu s ${Object.entries(row.cpu).map(([k, v]) => `${k} ${v.toFixed(2)}`).join(', ')}; load ${load()}`);
    if (socketPages && n) await askSockets({ close: true }, 'closed');
    await closePages(pages);
    await renderersGone();
  }
}
const printResults = () => {
  console.log('\n| pages | console MB/s (median) | against 0 pages | every page rendered the last line (median) | resyncs (all rounds) | CPU s per run: service | console (sh, cat) | chromium renderers | chromium other | this driver (node) |');
  console.log('|---|---|---|---|---|---|---|---|---|---|');
  const base = median(results.get(options.pages[0]).map(r => r.mbps));
  for (const [n, rows] of results) {
    const mbps = median(rows.map(r => r.mbps));
    console.log(`| ${n} | ${mbps.toFixed(1)} (${rows.map(r => r.mbps.toFixed(1)).join(', ')}) | ${(mbps / base).toFixed(2)}× | ` +
      `${n ? (median(rows.map(r => r.lastPageMs)) / 1000).toFixed(2) + ' s' : '–'} | ${rows.reduce((s, r) => s + r.resyncs, 0)} | ` +
      `${median(rows.map(r => r.cpu.service)).toFixed(2)} | ${median(rows.map(r => r.cpu.console)).toFixed(2)} | ${median(rows.map(r => r.cpu.renderer)).toFixed(2)} | ${median(rows.map(r => r.cpu.browser - r.cpu.renderer)).toFixed(2)} | ${median(rows.map(r => r.cpu.driver)).toFixed(2)} |`);
  }
};
const f = x => x.toFixed(1);
// The shell's `cat > /dev/null` ends, then the service and the socket client.
const stopService = async () => {
  client.postMessage({ write: '\x04' });
  service.kill('SIGTERM');
  await client.terminate();
};
// --keyInterval MS: a key at most every MS from the last one's press (100: a fast typist's 10 keys a second); without
// it every key follows the echo of the one before at once, the most a page can be typed into.
let nextKeyAt = 0;
const typingPace = async () => {
  const wait = nextKeyAt - Date.now();
  if (wait > 0) await new Promise(resolve => setTimeout(resolve, wait));
  nextKeyAt = Date.now() + options.keyInterval;
};
// With socket pages, keystroke to echo is from page 0's input frame to the letter's arrival at each page (the
// worker's clock for both), and the run ends there.
if (socketPages) {
  printResults();
  await askSockets({ open: wsUrl, count: options.keyPages }, 'opened');
  await run('cat > /dev/null', 'cat > /dev/null');
  const typer = [], slowest = [], before = cpu();
  for (let k = 0; k < options.keys; k++) {
    await typingPace();
    const { seen, since } = await askSockets({ key: 'abcdefghijklmnopqrstuvwxyz'[(k * 7) % 26] }, 'seen');
    typer.push(seen[0] - since);
    slowest.push(Math.max(...seen) - since);
  }
  const used = cpuDelta(before, cpu());
  console.log(`\nkeystroke to echo, ${options.keys} keys${options.keyInterval ? ` (one every ${options.keyInterval} ms at most)` : ''}, ${options.keyPages} socket pages: typing page p50 ${f(percentile(typer, 50))} ms, ` +
    `p99 ${f(percentile(typer, 99))} ms, max ${f(Math.max(...typer))} ms; slowest of the ${options.keyPages} pages p50 ` +
    `${f(percentile(slowest, 50))} ms, p99 ${f(percentile(slowest, 99))} ms, max ${f(Math.max(...slowest))} ms; ` +
    `CPU per key: service ${(used.service / options.keys * 1000).toFixed(2)} ms`);
  await askSockets({ close: true }, 'closed');
  await stopService();
  await socketPages.terminate();
  fs.rmSync(dir, { recursive: true, force: true });
  process.exit(0);
}

// Keystroke to echo: letters typed into page 0 of keyPages pages at the shell's `cat > /dev/null` (the pty echoes
// them); each line starts with its own tag so that every line state is unique.
const keyPages = await openPages(options.keyPages, true);
await run('cat > /dev/null', 'cat > /dev/null');
const typer = keyPages[0].page, expected = [];
const letters = 'abcdefghijklmnopqrstuvwxyz', perLine = 40, tag = line => `k${line}:`;
for (let k = 0, line = 0, text = ''; k < options.keys; k++) {
  if (k % perLine === 0) text = tag(line = k / perLine);
  text += letters[(k * 7) % letters.length];
  expected.push({ text, key: text.at(-1), index: k % perLine, line });
}
await want(keyPages, [...expected.map(e => e.text), ...expected.filter(e => e.index === 0).map(e => tag(e.line))]);
// The typing page's clock against this driver's (both are wall clocks, read through different processes): taken from
// the evaluate round trip that took least time, so the driver's and the socket client's times go on the page's clock.
const clock = { rtt: Infinity, offset: 0 };
for (let i = 0; i < 30; i++) {
  const t0 = now(), p = await typer.evaluate(() => performance.timeOrigin + performance.now()), t1 = now();
  if (t1 - t0 < clock.rtt) Object.assign(clock, { rtt: t1 - t0, offset: p - (t0 + t1) / 2 });
}
const resetTraces = () => Promise.all(keyPages.map(({ page }) => page.evaluate(() => {
  window.bench.keydowns.length = 0; window.bench.stamps.length = 0;
  for (const list of Object.values(window.keyTrace)) list.length = 0;
})));
const readTrace = page => page.evaluate(() => ({ ...window.keyTrace, keydowns: window.bench.keydowns.slice(), stamps: window.bench.stamps.slice() }));
client.postMessage({ trace: 'start' });
const keysCpuBefore = cpu();
for (let line = 0; line * perLine < options.keys; line++) {
  await typer.keyboard.type(tag(line));
  await seenOn(typer, tag(line));
  await resetTraces();
  // --chromeTrace FILE: chromium's own trace (every process: renderers, network service, GPU) of the first line's keys
  if (options.chromeTrace && line === 0)
    await browser.startTracing(typer, { categories: ['toplevel', 'devtools.timeline', 'disabled-by-default-devtools.timeline', 'blink', 'input', 'net', 'netlog', 'mojom', 'renderer.scheduler', 'sequence_manager', 'cc', 'viz', 'gpu', 'benchmark', 'v8.execute'] });
  for (const e of expected.filter(x => x.line === line)) {
    await typingPace();
    e.pressStart = now() + clock.offset;
    await typer.keyboard.press(e.key);
    e.pressEnd = now() + clock.offset;
    await seenOn(typer, e.text);
  }
  if (options.chromeTrace && line === 0) fs.writeFileSync(options.chromeTrace, await browser.stopTracing());
  const traces = await Promise.all(keyPages.map(({ page }) => readTrace(page)));
  for (const e of expected.filter(x => x.line === line)) {
    const t = traces[0], send = t.sends[e.index], next = t.sends[e.index + 1] ?? Infinity;
    const inWindow = (list, from) => list.find(x => x >= from && x < next) ?? null;
    Object.assign(e, { down: t.keydowns[e.index], stamp: t.stamps[e.index], send, sent: t.sent[e.index] });
    e.message = inWindow(t.messages, send);
    e.write = e.message === null ? null : inWindow(t.writes, e.message);
    e.otherMessages = traces.slice(1).map(other => inWindow(other.messages, send));
  }
  await typer.keyboard.press('Enter');
}
const keysCpu = cpuDelta(keysCpuBefore, cpu());
const { chunks } = await new Promise(resolve => { client.once('message', resolve); client.postMessage({ trace: 'stop' }); });
for (const e of expected) {
  // when the socket client had the echo: the first chunk with the key after the page sent it (the next key waits for it)
  const chunk = chunks.find(c => c.at + clock.offset >= e.send - 0.5 && c.text.includes(e.key));
  e.socket = chunk ? chunk.at + clock.offset : null;
}
// Every page's last echo (output is in order: a page that shows it has shown all the others).
await Promise.all(keyPages.map(({ page }) => seenOn(page, expected.at(-1).text, 30000)));
const typerLatency = [], allLatency = [];
const seenByPage = await Promise.all(keyPages.map(({ page }) => page.evaluate(texts => texts.map(t => window.bench.find(t)), expected.map(e => e.text))));
// A page that falls behind may get two echoes in one write: a key showed when the first line state holding it did.
const shown = (seen, i) => {
  let first = null;
  for (let j = i; j < expected.length && expected[j].line === expected[i].line; j++)
    if (seen[j] !== null && (first === null || seen[j] < first)) first = seen[j];
  return first;
};
expected.forEach((e, i) => {
  const times = seenByPage.map(s => shown(s, i));
  if (times.some(t => t === null)) throw new Error(`a page never showed '${e.text}'`);
  typerLatency.push(times[0] - e.down);
  allLatency.push(Math.max(...times) - e.down);
});
await closePages(keyPages);
await browser.close();
await stopService();

printResults();
console.log(`\nkeystroke to echo, ${expected.length} keys${options.keyInterval ? ` (one every ${options.keyInterval} ms at most)` : ''}, ${options.keyPages} pages: typing page p50 ${f(percentile(typerLatency, 50))} ms, ` +
  `p99 ${f(percentile(typerLatency, 99))} ms, max ${f(Math.max(...typerLatency))} ms; ` +
  `slowest of the ${options.keyPages} pages p50 ${f(percentile(allLatency, 50))} ms, p99 ${f(percentile(allLatency, 99))} ms, max ${f(Math.max(...allLatency))} ms`);
const perKey = kind => (keysCpu[kind] / expected.length * 1000).toFixed(1);
console.log(`CPU per key (the typing, its waits and the Enter after each line): chromium renderers ${perKey('renderer')} ms, ` +
  `chromium GPU process ${perKey('gpu')} ms, chromium other ${perKey('chromium')} ms, service ${perKey('service')} ms, console ${perKey('console')} ms`);
// Where one keystroke's time goes, on the typing page's clock: the median of each point's time from the keydown
// handler (the figure's start), and the median of each hop.
const points = [
  ['keyboard.press() called (driver)', e => e.pressStart],
  ['keydown event created (event.timeStamp)', e => e.stamp],
  ['keydown handler (the figure starts)', e => e.down],
  ['ws.send (input frame) called', e => e.send],
  ['ws.send returned', e => e.sent],
  ['echo at the unix socket client', e => e.socket],
  ['ws message (echo) on the typing page', e => e.message],
  ['term.write called', e => e.write],
  ['onWriteParsed shows it (the figure ends)', (e, i) => e.down + typerLatency[i]],
  ['keyboard.press() resolved (driver)', e => e.pressEnd],
];
if (options.keyPages > 1)
  points.splice(7, 0, ['ws message on the other pages (the last of them)', e => e.otherMessages.some(x => x === null) ? null : Math.max(...e.otherMessages)]);
// KEY_TIMES=FILE: every key's points (the page's wall clock, ms since 1970) for lining up with other traces (strace -ttt)
if (process.env.KEY_TIMES)
  fs.writeFileSync(process.env.KEY_TIMES, JSON.stringify(expected.map((e, i) => ({ key: e.key, ...Object.fromEntries(points.map(([name, at]) => [name, at(e, i)])) }))));
const complete = expected.map((e, i) => points.map(([, at]) => at(e, i))).filter(times => times.every(x => typeof x === 'number'));
console.log(`\none keystroke, ${complete.length} of ${expected.length} keys fully traced (driver clock to page clock: offset ${clock.offset.toFixed(2)} ms, ±${(clock.rtt / 2).toFixed(2)} ms):`);
console.log('| point | median from the keydown handler (ms) | hop from the point above, median (ms) | p99 of the hop |');
console.log('|---|---|---|---|');
const downAt = points.findIndex(([name]) => name.startsWith('keydown handler'));
points.forEach(([name], j) => {
  const fromDown = complete.map(t => t[j] - t[downAt]), hop = j ? complete.map(t => t[j] - t[j - 1]) : null;
  console.log(`| ${name} | ${f(median(fromDown))} | ${hop ? f(median(hop)) : '–'} | ${hop ? f(percentile(hop, 99)) : '–'} |`);
});
console.log(`load at the end: ${load()}`);
fs.rmSync(dir, { recursive: true, force: true });
