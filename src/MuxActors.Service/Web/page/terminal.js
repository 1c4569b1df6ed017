// The page of a MuxActors web backend: xterm.js over a WebSocket speaking the protocol of docs/web.md.
// The console's size is fixed by the server; the font is fitted to the window, never the grid.
(() => {
  'use strict';
  const status = document.getElementById('status');
  const mode = document.getElementById('mode');
  const say = (text, error) => { status.textContent = text; status.className = error ? 'error' : ''; };
  if (typeof Terminal === 'undefined' || typeof FitAddon === 'undefined') {
    say("This page's assets were not built (xterm.js comes from npm): install Node.js with npm and build MuxActors again.", true);
    return;
  }
  const T = { hello: 1, input: 2, ack: 3, pause: 4, resume: 5, welcome: 0x11, data: 0x12, screen: 0x13, refused: 0x14 };
  const ACK_BLOCK = 32 * 1024;  // written bytes are acknowledged in blocks of this size (and whenever xterm.js is idle)
  const HIGH = 512 * 1024;      // pause the server when this much waits in xterm.js...
  const LOW = 128 * 1024;       // ...and resume it below this
  const MAX_INPUT = 60 * 1024;  // the server takes frames up to 64 KiB: a paste is split

  // No blinking cursor (xterm.js's default too): it blinks by a CSS animation, which makes chromium draw the page every
  // frame; 8 idle pages took 2.1 CPU-seconds in 5 s with it and 0.3 without (docs/benchmarks.md, "Web terminal").
  const term = new Terminal({ cols: 80, rows: 24, scrollback: 1000, fontSize: 15 });
  const fit = new FitAddon.FitAddon();
  term.loadAddon(fit);
  term.open(document.getElementById('screen'));
  // Terminal queries are answered once per mux, by the server's screen model: this xterm.js stays quiet.
  for (const handler of [{ final: 'n' }, { prefix: '?', final: 'n' }, { final: 'c' }, { prefix: '>', final: 'c' }])
    term.parser.registerCsiHandler(handler, () => true);

  const encoder = new TextEncoder();
  let socket = null, readOnly = false, token = decodeURIComponent(location.hash.slice(1));
  let pending = 0, unacked = 0, paused = false, retry = 1000, refused = false;
  const stats = { connected: false, screens: 0, bytes: 0, refused: null, readOnly: false };

  function send(type, payload) {
    if (!socket || socket.readyState !== WebSocket.OPEN) return;
    const frame = new Uint8Array(1 + (payload ? payload.length : 0));
    frame[0] = type;
    if (payload) frame.set(payload, 1);
    socket.send(frame);
  }
  function ack() {
    const n = new Uint8Array(4);
    new DataView(n.buffer).setUint32(0, unacked);
    unacked = 0;
    send(T.ack, n);
  }
  function write(bytes, owner) {
    pending += bytes.length;
    stats.bytes += bytes.length;
    term.write(bytes, () => {
      if (owner !== socket) return; // written for a connection that is gone: nothing to acknowledge
      pending -= bytes.length;
      unacked += bytes.length;
      if (unacked >= ACK_BLOCK || pending === 0) ack();
      if (paused && pending < LOW) { paused = false; send(T.resume); }
    });
    if (!paused && pending > HIGH) { paused = true; send(T.pause); }
  }
  // The fit addon proposes whole cells, so scaling by it can swing between two sizes for ever (every change makes
  // xterm.js measure the font again: a busy tab). A few steps get close; the last one only ever shrinks.
  const FIT_STEPS = 4;
  function fitFont(step = 0) {
    const proposed = fit.proposeDimensions();
    if (!proposed || !proposed.cols || !proposed.rows) return;
    const scale = Math.min(proposed.cols / term.cols, proposed.rows / term.rows);
    const size = Math.max(6, Math.min(64, Math.floor(term.options.fontSize * scale * 10) / 10));
    if (Math.abs(size - term.options.fontSize) < 0.5 || (step >= FIT_STEPS && size > term.options.fontSize)) return;
    term.options.fontSize = size;
    if (step < FIT_STEPS) requestAnimationFrame(() => fitFont(step + 1));
  }
  function sendInput(bytes) {
    if (readOnly) return;
    for (let at = 0; at < bytes.length; at += MAX_INPUT) send(T.input, bytes.subarray(at, at + MAX_INPUT));
  }

  function connect() {
    const url = new URL('ws', location.href);
    url.protocol = location.protocol === 'https:' ? 'wss:' : 'ws:';
    url.hash = '';
    const ws = new WebSocket(url);
    ws.binaryType = 'arraybuffer';
    socket = ws;
    pending = 0; unacked = 0; paused = false;
    ws.onopen = () => send(T.hello, encoder.encode(token));
    ws.onmessage = event => {
      const frame = new Uint8Array(event.data);
      const payload = frame.subarray(1);
      switch (frame[0]) {
        case T.welcome: {
          const welcome = JSON.parse(new TextDecoder().decode(payload));
          readOnly = stats.readOnly = welcome.readOnly;
          term.options.disableStdin = readOnly;
          mode.textContent = readOnly ? 'read-only: your keys are not sent to the console' : '';
          if (term.cols !== welcome.cols || term.rows !== welcome.rows) term.resize(welcome.cols, welcome.rows);
          fitFont();
          stats.connected = true; retry = 1000;
          say('connected (' + welcome.cols + '×' + welcome.rows + ')');
          break;
        }
        case T.screen: term.reset(); stats.screens++; write(payload.slice(), ws); break;
        case T.data: write(payload.slice(), ws); break;
        case T.refused: {
          const why = new TextDecoder().decode(payload);
          stats.refused = why;
          refused = true;
          say('refused: ' + why, true);
          if (why.startsWith('unauthorized')) {
            const answer = window.prompt('Token for this console:');
            if (answer) { token = answer; refused = false; }
          }
          break;
        }
      }
    };
    ws.onclose = event => {
      if (socket !== ws) return;
      stats.connected = false;
      if (refused) return;
      say('disconnected' + (event.reason ? ': ' + event.reason : '') + '; reconnecting…', true);
      setTimeout(connect, retry);
      retry = Math.min(retry * 2, 10000);
    };
  }

  term.onData(data => sendInput(encoder.encode(data)));
  term.onBinary(data => sendInput(Uint8Array.from(data, c => c.charCodeAt(0) & 0xff)));
  // Ctrl+Shift+C copies the selection, Ctrl+Shift+V pastes (Ctrl+C and Ctrl+V stay the console's keys); the context
  // menu's copy and paste work through xterm.js's own text area.
  term.attachCustomKeyEventHandler(e => {
    if (e.type !== 'keydown' || !e.ctrlKey || !e.shiftKey) return true;
    // preventDefault: the browser's own Ctrl+Shift+V would paste a second time through xterm.js's text area.
    if (e.code === 'KeyC') { e.preventDefault(); if (term.hasSelection()) navigator.clipboard.writeText(term.getSelection()); return false; }
    if (e.code === 'KeyV') { e.preventDefault(); navigator.clipboard.readText().then(text => term.paste(text)); return false; }
    return true;
  });
  window.addEventListener('resize', () => fitFont());
  // For tests and the curious: the screen as text, read through xterm.js's buffer.
  window.muxterm = {
    term, stats,
    lines: () => {
      const buffer = term.buffer.active, lines = [];
      for (let i = 0; i < buffer.length; i++) lines.push(buffer.getLine(i).translateToString(true));
      return lines;
    },
  };
  connect();
  term.focus();
})();
