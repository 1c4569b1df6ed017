// Feeds byte streams to @xterm/headless and prints the screen they draw, for the differential tests
// (XtermHeadless/XtermScreen.cs reads it). One request per stdin line, one answer per stdout line:
//   in:  {"cols":80,"rows":24,"scrollback":1000,"data":"<base64>"}
//   out: {"ok":true,"screen":{...}} or {"ok":false,"error":"..."}
// A cell is [chars, width, fg, bg, flags]; a colour is "d" (default), "p<index>" or "r<rrggbb>".
import { createInterface } from 'node:readline';
import headless from '@xterm/headless';
import unicode11 from '@xterm/addon-unicode11';

const { Terminal } = headless;
const { Unicode11Addon } = unicode11;

// Flag bits, mirrored by XtermScreen.cs.
const BOLD = 1, UNDERLINE = 2, INVERSE = 4, DIM = 8, ITALIC = 16, BLINK = 32, INVISIBLE = 64, STRIKE = 128;

function colour(isDefault, isRgb, value) {
  if (isDefault) return 'd';
  return isRgb ? 'r' + value.toString(16).padStart(6, '0') : 'p' + value;
}

function cellOf(cell) {
  let flags = 0;
  if (cell.isBold()) flags |= BOLD;
  if (cell.isUnderline()) flags |= UNDERLINE;
  if (cell.isInverse()) flags |= INVERSE;
  if (cell.isDim()) flags |= DIM;
  if (cell.isItalic()) flags |= ITALIC;
  if (cell.isBlink()) flags |= BLINK;
  if (cell.isInvisible()) flags |= INVISIBLE;
  if (cell.isStrikethrough()) flags |= STRIKE;
  return [
    cell.getChars(),
    cell.getWidth(),
    colour(cell.isFgDefault(), cell.isFgRGB(), cell.getFgColor()),
    colour(cell.isBgDefault(), cell.isBgRGB(), cell.getBgColor()),
    flags,
  ];
}

function screenOf(term, title) {
  const buffer = term.buffer.active;
  const rows = [];
  const text = [];
  for (let y = 0; y < term.rows; y++) {
    const line = buffer.getLine(buffer.baseY + y);
    const cells = [];
    for (let x = 0; x < term.cols; x++) cells.push(cellOf(line.getCell(x)));
    rows.push(cells);
    text.push(line.translateToString(true));
  }
  const scrollback = [];
  for (let y = 0; y < buffer.baseY; y++) scrollback.push(buffer.getLine(y).translateToString(true));
  const modes = term.modes;
  // Cursor visibility (?25) is not in the public API; the core service holds it.
  const hidden = term._core?.coreService?.isCursorHidden;
  return {
    cursorX: buffer.cursorX,
    cursorY: buffer.cursorY,
    cursorHidden: typeof hidden === 'boolean' ? hidden : null,
    alternate: buffer.type === 'alternate',
    modes: {
      applicationCursorKeys: modes.applicationCursorKeysMode,
      applicationKeypad: modes.applicationKeypadMode,
      bracketedPaste: modes.bracketedPasteMode,
      insert: modes.insertMode,
      origin: modes.originMode,
      wraparound: modes.wraparoundMode,
    },
    title,
    text,
    rows,
    scrollback,
  };
}

function run(request) {
  return new Promise((resolve) => {
    const term = new Terminal({
      cols: request.cols,
      rows: request.rows,
      scrollback: request.scrollback,
      allowProposedApi: true,
    });
    // Unicode 11 widths (emoji wide), as our CharWidth and today's terminals; xterm.js's default is Unicode 6.
    term.loadAddon(new Unicode11Addon());
    term.unicode.activeVersion = '11';
    let title = null;
    term.onTitleChange((t) => { title = t; });
    term.write(Buffer.from(request.data, 'base64'), () => {
      const screen = screenOf(term, title);
      term.dispose();
      resolve(screen);
    });
  });
}

// Requests are answered in order, one at a time.
const lines = createInterface({ input: process.stdin, crlfDelay: Infinity });
for await (const line of lines) {
  if (!line.trim()) continue;
  let answer;
  try {
    answer = { ok: true, screen: await run(JSON.parse(line)) };
  } catch (e) {
    answer = { ok: false, error: String(e?.stack ?? e) };
  }
  process.stdout.write(JSON.stringify(answer) + '\n');
}
