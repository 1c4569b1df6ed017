// Drives Debian's chromium for the web backend tests: one browser, pages by name. Reads one JSON command per line on
// stdin ({"id", "cmd", ...}) and answers one JSON line on stdout ({"id", "ok", "value"} or {"id", "ok": false, "error"}).
import { chromium } from 'playwright-core';
import readline from 'node:readline';

const browser = await chromium.launch({ executablePath: process.env.CHROMIUM || '/usr/bin/chromium', args: ['--no-sandbox'] });
const pages = new Map();

const commands = {
  async open({ page, url, viewport }) {
    // Clipboard access as a user grants it, so Ctrl+Shift+C/V can be tested.
    const context = await browser.newContext({
      viewport: viewport || { width: 900, height: 520 }, permissions: ['clipboard-read', 'clipboard-write'] });
    const p = await context.newPage();
    p.on('dialog', dialog => dialog.dismiss());
    pages.set(page, { context, page: p, cdp: null });
    await p.goto(url);
    await p.waitForFunction(() => window.muxterm && (window.muxterm.stats.connected || window.muxterm.stats.refused));
  },
  // A vc's noVNC page: ready once connected or refused.
  async openVnc({ page, url }) {
    const context = await browser.newContext({ viewport: { width: 900, height: 520 } });
    const p = await context.newPage();
    p.on('dialog', dialog => dialog.dismiss());
    pages.set(page, { context, page: p, cdp: null });
    await p.goto(url);
    await p.waitForFunction(() => window.muxvnc && (window.muxvnc.stats.connected || window.muxvnc.stats.refused));
  },
  async vncStats({ page }) { return await pages.get(page).page.evaluate(() => window.muxvnc.stats); },
  // Waits until a line of the page's xterm.js buffer matches the pattern (a function, not a string: the page's CSP
  // forbids eval); fails at the deadline.
  async waitFor({ page, pattern, timeout }) {
    await pages.get(page).page.waitForFunction(
      p => window.muxterm.lines().some(l => new RegExp(p).test(l.trimEnd())), pattern, { timeout, polling: 50 });
  },
  // The terminal's font size at each of the next `frames` animation frames (the font fitting must settle).
  async fontSizes({ page, frames }) {
    return await pages.get(page).page.evaluate(n => new Promise(resolve => {
      const sizes = [];
      const frame = () => { sizes.push(window.muxterm.term.options.fontSize); if (sizes.length < n) requestAnimationFrame(frame); else resolve(sizes); };
      requestAnimationFrame(frame);
    }), frames);
  },
  async stats({ page }) { return await pages.get(page).page.evaluate(() => window.muxterm.stats); },
  async lines({ page }) { return await pages.get(page).page.evaluate(() => window.muxterm.lines()); },
  async type({ page, text }) { await pages.get(page).page.keyboard.type(text); },
  // The text as one input event (as an input method or a paste would send it), for long command lines.
  async insert({ page, text }) { await pages.get(page).page.keyboard.insertText(text); },
  async press({ page, key }) { await pages.get(page).page.keyboard.press(key); },
  async reload({ page }) {
    const p = pages.get(page).page;
    await p.reload();
    await p.waitForFunction(() => window.muxterm && window.muxterm.stats.connected && window.muxterm.stats.screens > 0);
  },
  // Stops the page's script (as a busy or backgrounded tab): it stops writing and acknowledging.
  async pause({ page }) {
    const entry = pages.get(page);
    entry.cdp = await entry.context.newCDPSession(entry.page);
    await entry.cdp.send('Debugger.enable');
    await entry.cdp.send('Debugger.pause');
  },
  async resume({ page }) { await pages.get(page).cdp.send('Debugger.resume'); },
  // The system clipboard, as the page reads and writes it.
  async setClipboard({ page, text }) { await pages.get(page).page.evaluate(t => navigator.clipboard.writeText(t), text); },
  async waitClipboard({ page, text, timeout }) {
    await pages.get(page).page.waitForFunction(
      async t => (await navigator.clipboard.readText()).trim() === t, text, { timeout, polling: 50 });
  },
  // Selects the last buffer line that matches the pattern, as a triple click on it would.
  async selectLine({ page, pattern }) {
    return await pages.get(page).page.evaluate(p => {
      const lines = window.muxterm.lines();
      for (let i = lines.length - 1; i >= 0; i--) {
        if (new RegExp(p).test(lines[i].trimEnd())) { window.muxterm.term.selectLines(i, i); return window.muxterm.term.getSelection(); }
      }
      throw new Error(`no line matches ${p}`);
    }, pattern);
  },
  async screenshot({ page, path }) { await pages.get(page).page.screenshot({ path }); },
  async close({ page }) { await pages.get(page).context.close(); pages.delete(page); },
};

const input = readline.createInterface({ input: process.stdin });
for await (const line of input) {
  const command = JSON.parse(line);
  try {
    const value = await commands[command.cmd](command);
    process.stdout.write(JSON.stringify({ id: command.id, ok: true, value: value ?? null }) + '\n');
  } catch (error) {
    process.stdout.write(JSON.stringify({ id: command.id, ok: false, error: String(error && error.message || error) }) + '\n');
  }
}
await browser.close();
