using System.Text;

namespace MuxActors.Terminal;

/// <summary>
/// A terminal screen model: feed it the bytes a guest console writes and read back the
/// cells, cursor and modes, the damage since the last look, the replies owed to the guest
/// and a snapshot that redraws the screen on a fresh terminal.
/// </summary>
/// <remarks>
/// Design: <see cref="VtParser"/> decodes UTF-8 and recognises sequences; this class is its
/// <see cref="IVtHandler"/> and acts on them against a <see cref="ScreenBuffer"/> (main or
/// alternate). Rows scrolled off the main screen with a full-screen region go to a capped
/// scrollback. Nothing here does I/O: answers to queries (DSR, DA) are queued for the
/// owner to drain with <see cref="TakeReplies"/> and send once. Not thread-safe: one owner
/// feeds and reads. See docs/terminal.md for the supported sequences.
/// </remarks>
public sealed partial class Screen : IVtHandler
{
    /// <summary>Replies not yet taken beyond this many are dropped, so a query flood cannot grow memory.</summary>
    public const int MaxPendingReplies = 256;

    private readonly ScreenBuffer _main;
    private readonly ScreenBuffer _alternate;
    private readonly Scrollback _scrollback;
    private readonly DamageTracker _damage;
    private readonly VtParser _parser;
    private readonly bool[] _tabStops;
    private readonly List<byte[]> _replies = [];
    private ScreenBuffer _buffer;
    private int _row;
    private int _col;
    private bool _wrapPending;
    private CellStyle _pen;
    private int _top;
    private int _bottom;
    private Charsets _charsets;
    private SavedCursor _savedMain;
    private SavedCursor _savedAlternate;
    private int _lastPrinted;
    private (int Row, int Col, bool Visible) _cursorAtLastTake;

    /// <summary>A blank screen of <paramref name="cols"/> × <paramref name="rows"/> keeping up to <paramref name="scrollbackLines"/> lines.</summary>
    public Screen(int cols = 80, int rows = 24, int scrollbackLines = 1000)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(cols, 2);
        ArgumentOutOfRangeException.ThrowIfLessThan(rows, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(scrollbackLines);
        Cols = cols;
        Rows = rows;
        _main = new ScreenBuffer(cols, rows);
        _alternate = new ScreenBuffer(cols, rows);
        _buffer = _main;
        _scrollback = new Scrollback(scrollbackLines);
        _damage = new DamageTracker(rows);
        _tabStops = new bool[cols];
        _parser = new VtParser(this);
        ResetState();
        _cursorAtLastTake = (0, 0, true);
    }

    /// <summary>Width in cells.</summary>
    public int Cols { get; }

    /// <summary>Height in cells.</summary>
    public int Rows { get; }

    /// <summary>The cell at <paramref name="row"/>, <paramref name="col"/> (0-based) of the visible screen.</summary>
    public Cell this[int row, int col] => _buffer[row][col];

    /// <summary>Row <paramref name="row"/> of the visible screen; valid until the next <see cref="Feed(ReadOnlySpan{byte})"/>.</summary>
    public ReadOnlySpan<Cell> Row(int row) => _buffer[row];

    /// <summary>Cursor row, 0-based, absolute (not relative to the origin).</summary>
    public int CursorRow => _row;

    /// <summary>Cursor column, 0-based. It stays on the last column while a wrap is pending.</summary>
    public int CursorCol => _col;

    /// <summary>True when the cursor is on the last column with the next character to go to the next line (deferred wrap).</summary>
    public bool WrapPending => _wrapPending;

    /// <summary>DECTCEM (?25).</summary>
    public bool CursorVisible { get; private set; }

    /// <summary>DECCKM (?1): cursor keys send SS3 sequences (<c>ESC O A</c>) instead of CSI.</summary>
    public bool ApplicationCursorKeys { get; private set; }

    /// <summary>DECKPAM (<c>ESC =</c>) / DECKPNM (<c>ESC &gt;</c>).</summary>
    public bool ApplicationKeypad { get; private set; }

    /// <summary>Bracketed paste (?2004): pasted text is to be wrapped in <c>ESC[200~</c> … <c>ESC[201~</c>.</summary>
    public bool BracketedPaste { get; private set; }

    /// <summary>True while the alternate screen (?47, ?1047, ?1049) is shown.</summary>
    public bool AlternateScreen => _buffer == _alternate;

    /// <summary>DECAWM (?7).</summary>
    public bool AutoWrap { get; private set; }

    /// <summary>DECOM (?6): cursor addressing relative to the scrolling region.</summary>
    public bool OriginMode { get; private set; }

    /// <summary>IRM (CSI 4 h): printing shifts the rest of the line right.</summary>
    public bool InsertMode { get; private set; }

    /// <summary>LNM (CSI 20 h): line feed also returns the carriage.</summary>
    public bool NewLineMode { get; private set; }

    /// <summary>Top row of the scrolling region, 0-based.</summary>
    public int ScrollTop => _top;

    /// <summary>Bottom row of the scrolling region, 0-based, inclusive.</summary>
    public int ScrollBottom => _bottom;

    /// <summary>The style (SGR "pen") the next printed character takes.</summary>
    public CellStyle CurrentStyle => _pen;

    /// <summary>The last title set by OSC 0 or OSC 2, or null.</summary>
    public string? Title { get; private set; }

    /// <summary>All BEL characters received since creation.</summary>
    public long BellCount { get; private set; }

    /// <summary>Lines held in the scrollback.</summary>
    public int ScrollbackCount => _scrollback.Count;

    /// <summary>The most lines the scrollback keeps.</summary>
    public int ScrollbackCapacity => _scrollback.Capacity;

    /// <summary>True when replies wait to be taken.</summary>
    public bool HasReplies => _replies.Count > 0;

    /// <summary>Scrollback line <paramref name="index"/>, 0 being the oldest.</summary>
    public ReadOnlySpan<Cell> ScrollbackRow(int index) => _scrollback[index];

    /// <summary>Parses <paramref name="data"/> and updates the screen.</summary>
    public void Feed(ReadOnlySpan<byte> data) => _parser.Feed(data);

    /// <summary>Feeds <paramref name="text"/> as UTF-8 (a test and tooling convenience).</summary>
    public void Feed(string text) => Feed(Encoding.UTF8.GetBytes(text));

    /// <summary>The damage since the last call, and resets it.</summary>
    public ScreenDamage TakeDamage()
    {
        var cursor = (_row, _col, CursorVisible);
        bool cursorChanged = cursor != _cursorAtLastTake;
        _cursorAtLastTake = cursor;
        return _damage.Take(cursorChanged);
    }

    /// <summary>
    /// The answers owed to the guest (DSR, DA), oldest first, each a complete sequence;
    /// the queue is emptied, so each answer is handed out exactly once.
    /// </summary>
    public IReadOnlyList<byte[]> TakeReplies()
    {
        if (_replies.Count == 0)
            return [];
        byte[][] taken = [.. _replies];
        _replies.Clear();
        return taken;
    }

    /// <summary>The text of visible row <paramref name="row"/>, trailing blanks trimmed (continuation cells skipped).</summary>
    public string TextOf(int row) => TextOf(_buffer[row]);

    /// <summary>The text of scrollback line <paramref name="index"/>, trailing blanks trimmed.</summary>
    public string ScrollbackTextOf(int index) => TextOf(_scrollback[index]);

    private static string TextOf(ReadOnlySpan<Cell> line)
    {
        var text = new StringBuilder(line.Length);
        foreach (Cell cell in line)
        {
            if (cell.Width != 0)
                text.Append(cell.Text);
        }
        return text.ToString().TrimEnd(' ');
    }

    private CellStyle EraseStyle => _pen.ForErase();

    private void Reply(string ascii)
    {
        if (_replies.Count < MaxPendingReplies)
            _replies.Add(Encoding.ASCII.GetBytes(ascii));
    }
}
