// The page of a MuxActors vc: noVNC (from npm) speaking RFB over this path's WebSocket, binary frames, no websockify.
// The console's size is fixed by the server; noVNC scales the picture to the window.
const status = document.getElementById('status');
const say = (text, error) => { status.textContent = text; status.className = error ? 'error' : ''; };
const stats = { connected: false, connects: 0, refused: null, disconnected: null };
window.muxvnc = { stats, rfb: null };

function socketUrl() {
  const url = new URL('ws', location.href);
  url.protocol = location.protocol === 'https:' ? 'wss:' : 'ws:';
  url.hash = '';
  return url.href;
}

function start(RFB) {
  let retry = 1000;
  const connect = () => {
    const rfb = new RFB(document.getElementById('screen'), socketUrl(), { shared: true });
    window.muxvnc.rfb = rfb;
    rfb.scaleViewport = true;
    rfb.addEventListener('connect', () => {
      stats.connected = true;
      stats.connects++;
      retry = 1000;
      say('connected');
      rfb.focus(); // keys go to the console at once
    });
    rfb.addEventListener('desktopname', e => { document.getElementById('name').textContent = e.detail.name; });
    rfb.addEventListener('credentialsrequired', () => {
      const password = prompt('VNC password');
      if (password === null) rfb.disconnect();
      else rfb.sendCredentials({ password });
    });
    // A refusal (wrong password, max-clients) comes with the server's reason; trying again would only repeat it.
    rfb.addEventListener('securityfailure', e => {
      stats.refused = e.detail.reason || 'authentication failed';
      say('refused: ' + stats.refused, true);
    });
    rfb.addEventListener('disconnect', e => {
      const wasConnected = stats.connected;
      stats.connected = false;
      stats.disconnected = e.detail.clean ? 'clean' : 'lost';
      if (stats.refused) return;
      if (!wasConnected && e.detail.clean) { say('disconnected', true); return; }
      say(`disconnected; reconnecting in ${retry / 1000} s`, true);
      setTimeout(connect, retry);
      retry = Math.min(retry * 2, 10000);
    });
  };
  connect();
}

// Imported at run time, so a page built without npm says so instead of failing silently.
import('./novnc/core/rfb.js').then(
  module => start(module.default),
  () => say("This page's assets were not built (noVNC comes from npm): install Node.js with npm and build MuxActors again.", true));
