using System.Threading.Channels;
using MuxActors.Terminal;
using MuxActors.Vnc.Fonts;
using MuxActors.Vnc.Rendering;

namespace MuxActors.Vnc.Rfb;

/// <summary>
/// One console as VNC viewers see it: the screen model fed with the console's output, the framebuffer it is drawn
/// into, and what each viewer has not been sent yet. Feeding never waits for a viewer: it parses into the screen and
/// flags the viewers; the picture is drawn only when a viewer asks for an update, once for all of them, and each
/// viewer's unsent changes are coalesced (<see cref="PendingUpdate"/>). Thread-safe.
/// </summary>
/// <remarks>
/// The screen's answers to terminal queries (DSR, DA) go to the console only while <see cref="Answering"/>: the mux
/// picks one screen model to answer, so the guest gets one answer however many emulators watch; otherwise they are
/// dropped. Viewers never answer: the keys they send are made here, never replies.
/// </remarks>
public sealed class VncConsole
{
    private const int MaxPieceUnderLock = 16 * 1024;
    private readonly Lock _lock = new();
    private readonly Screen _screen;
    private readonly ScreenRenderer _renderer;
    private readonly Action<byte[]> _input;
    private Viewer[] _viewers = [];   // replaced on a join or leave, never changed in place: feeding allocates nothing
    private bool _changed = true;
    private bool _answering;

    /// <summary>A console of <paramref name="cols"/> × <paramref name="rows"/> cells drawn with <paramref name="font"/>.</summary>
    /// <param name="cols">Columns.</param>
    /// <param name="rows">Rows.</param>
    /// <param name="font">The bitmap font.</param>
    /// <param name="input">Where viewers' keys and pastes go (the console's input); called from the viewers' threads.</param>
    public VncConsole(int cols, int rows, PsfFont font, Action<byte[]> input)
    {
        ArgumentNullException.ThrowIfNull(font);
        _screen = new Screen(cols, rows, scrollbackLines: 0);
        _renderer = new ScreenRenderer(_screen, font);
        _input = input;
    }

    /// <summary>Framebuffer width in pixels.</summary>
    public int Width => _renderer.Framebuffer.Width;

    /// <summary>Framebuffer height in pixels.</summary>
    public int Height => _renderer.Framebuffer.Height;

    /// <summary>Whether this console answers the guest's terminal queries (the mux's choice); off until told.</summary>
    public bool Answering
    {
        get => Volatile.Read(ref _answering);
        set => Volatile.Write(ref _answering, value);
    }

    /// <summary>Viewers connected now.</summary>
    public int ViewerCount
    {
        get
        {
            lock (_lock)
                return _viewers.Length;
        }
    }

    /// <summary>The console printed <paramref name="output"/>.</summary>
    public void Feed(ReadOnlySpan<byte> output)
    {
        Viewer[] viewers;
        IReadOnlyList<byte[]> replies;
        lock (_lock)
        {
            long bells = _screen.BellCount;
            _screen.Feed(output);
            viewers = Parsed(output.Length, bells, out replies);
        }
        Notify(viewers, replies);
    }

    /// <summary>The console printed <paramref name="outputs"/>, one after another (a batch that gathered); viewers are woken once.</summary>
    public void Feed(IReadOnlyList<ReadOnlyMemory<byte>> outputs)
    {
        ArgumentNullException.ThrowIfNull(outputs);
        Viewer[] viewers = [];
        List<byte[]>? replies = null;
        foreach (ReadOnlyMemory<byte> output in outputs)
        {
            // In pieces, each under the lock on its own: a viewer taking an update waits for one piece at most.
            for (int at = 0; at < output.Length; at += MaxPieceUnderLock)
            {
                ReadOnlySpan<byte> piece = output.Span.Slice(at, Math.Min(MaxPieceUnderLock, output.Length - at));
                lock (_lock)
                {
                    long bells = _screen.BellCount;
                    _screen.Feed(piece);
                    viewers = Parsed(piece.Length, bells, out IReadOnlyList<byte[]> answers);
                    if (answers.Count > 0)
                        (replies ??= []).AddRange(answers);
                }
            }
        }
        Notify(viewers, (IReadOnlyList<byte[]>?)replies ?? Array.Empty<byte[]>());
    }

    // Under the lock, after a feed: the replies owed, the bells and output for each viewer; the viewers to wake.
    private Viewer[] Parsed(int bytes, long bellsBefore, out IReadOnlyList<byte[]> replies)
    {
        replies = _screen.HasReplies ? _screen.TakeReplies() : [];   // answered only when this console is the mux's answerer
        _changed = true;
        foreach (Viewer viewer in _viewers)
            viewer.OutputSinceUpdate += bytes;
        // Bells are counted here, not when the picture is drawn: a bell needs no drawing.
        if (_screen.BellCount != bellsBefore)
        {
            foreach (Viewer viewer in _viewers)
                viewer.Pending.AddBells((int)Math.Min(int.MaxValue, _screen.BellCount - bellsBefore));
        }
        return _viewers;
    }

    private void Notify(Viewer[] viewers, IReadOnlyList<byte[]> replies)
    {
        if (Answering)
        {
            foreach (byte[] reply in replies)
                _input(reply);
        }
        foreach (Viewer viewer in viewers)
            viewer.Wake();
    }

    /// <summary>Reads the screen under the console's lock (status, tests).</summary>
    public T Inspect<T>(Func<Screen, T> read)
    {
        ArgumentNullException.ThrowIfNull(read);
        lock (_lock)
            return read(_screen);
    }

    /// <summary>The picture as last drawn (tests compare it with what a viewer decoded, while nothing is fed).</summary>
    internal Framebuffer Picture => _renderer.Framebuffer;

    internal (bool ApplicationCursorKeys, bool BracketedPaste) Modes
    {
        get
        {
            lock (_lock)
                return (_screen.ApplicationCursorKeys, _screen.BracketedPaste);
        }
    }

    internal void Type(byte[] bytes)
    {
        if (bytes.Length > 0)
            _input(bytes);
    }

    internal Viewer Join()
    {
        var viewer = new Viewer(new PendingUpdate(_screen.Cols, _screen.Rows));
        lock (_lock)
            _viewers = [.. _viewers, viewer];
        return viewer;
    }

    internal void Leave(Viewer viewer)
    {
        lock (_lock)
            _viewers = Array.FindAll(_viewers, other => other != viewer);
    }

    internal void Configure(Viewer viewer, bool useMoves)
    {
        lock (_lock)
        {
            viewer.Pending.UseMoves = useMoves;
            viewer.Pending.MarkAll();
        }
    }

    /// <summary>Marks the cells under a pixel rectangle to be sent (a non-incremental request).</summary>
    internal void MarkRegion(Viewer viewer, PixelRect region)
    {
        int cw = _renderer.CellWidth, ch = _renderer.CellHeight;
        lock (_lock)
        {
            for (int row = region.Y / ch; row <= (region.Y + region.Height - 1) / ch; row++)
                viewer.Pending.Mark(row, region.X / cw, ((region.X + region.Width - 1) / cw) + 1);
        }
    }

    internal int TakeBells(Viewer viewer)
    {
        lock (_lock)
            return viewer.Pending.TakeBells();
    }

    /// <summary>Whether more than a screenful of output came since this viewer's last update (its updates are then spaced out).</summary>
    internal bool Flooding(Viewer viewer)
    {
        lock (_lock)
            return viewer.OutputSinceUpdate > _screen.Cols * _screen.Rows;
    }

    /// <summary>Draws what changed (once for every viewer) and takes this viewer's pending update, pixels copied out.</summary>
    internal UpdateBatch? TakeUpdate(Viewer viewer)
    {
        lock (_lock)
        {
            viewer.OutputSinceUpdate = 0;
            Refresh();
            if (!viewer.Pending.HasPictureChanges)
                return null;
            var (moves, spans) = viewer.Pending.Take();
            int cw = _renderer.CellWidth, ch = _renderer.CellHeight;
            var copies = moves.Select(m => ToCopy(m, ch)).ToList();
            var rects = MergeRows(spans).Select(s => new PixelRect(s.Start * cw, s.Row * ch, (s.End - s.Start) * cw, s.Rows * ch)).ToList();
            uint[] pixels = viewer.PixelBuffer(rects.Sum(r => r.Area));
            int at = 0;
            foreach (PixelRect rect in rects)
            {
                _renderer.Framebuffer.CopyOut(rect, pixels.AsSpan(at, rect.Area));
                at += rect.Area;
            }
            return new UpdateBatch(copies, rects, pixels);
        }
    }

    private void Refresh()
    {
        if (!_changed)
            return;
        _changed = false;
        FrameDamage damage = _renderer.Render();
        if (damage.IsEmpty)
            return;
        foreach (Viewer viewer in _viewers)
            viewer.Pending.Add(damage);
    }

    private CopyMove ToCopy(ScrollMove move, int ch)
    {
        int lines = Math.Abs(move.Lines), rows = move.Bottom - move.Top + 1 - lines;
        int from = move.Lines > 0 ? move.Top + lines : move.Top;
        int to = move.Lines > 0 ? move.Top : move.Top + lines;
        return new CopyMove(new PixelRect(0, to * ch, Width, rows * ch), from * ch);
    }

    // Consecutive rows with the same span become one rectangle (a full redraw is one rectangle).
    private static IEnumerable<(int Row, int Rows, int Start, int End)> MergeRows(CellSpan[] spans)
    {
        int i = 0;
        while (i < spans.Length)
        {
            CellSpan first = spans[i];
            int rows = 1;
            while (i + rows < spans.Length && spans[i + rows].Row == first.Row + rows
                && spans[i + rows].Start == first.Start && spans[i + rows].End == first.End)
                rows++;
            yield return (first.Row, rows, first.Start, first.End);
            i += rows;
        }
    }

    /// <summary>One viewer's place in the console: its pending update and its wake-up.</summary>
    internal sealed class Viewer(PendingUpdate pending)
    {
        private readonly Channel<bool> _wake = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
        private uint[] _pixels = [];

        public PendingUpdate Pending => pending;

        /// <summary>Bytes of output parsed since this viewer last took an update (under the console's lock).</summary>
        public long OutputSinceUpdate { get; set; }

        /// <summary>
        /// The viewer's own buffer for an update's pixels, at least <paramref name="count"/> long: reused, since a
        /// screen is a large-object-heap array (1 MB at 80×24) and updates come many times a second. Only the
        /// viewer's write loop takes updates, and it is done with one before it takes the next.
        /// </summary>
        public uint[] PixelBuffer(int count)
        {
            if (_pixels.Length < count)
                _pixels = new uint[count];
            return _pixels;
        }

        public void Wake() => _wake.Writer.TryWrite(true);

        public async ValueTask WaitAsync(CancellationToken cancellationToken)
        {
            await _wake.Reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false);
            _wake.Reader.TryRead(out _);
        }
    }
}

/// <summary>A scroll as a CopyRect: <paramref name="Destination"/> takes the pixels from row <paramref name="SourceY"/>.</summary>
internal readonly record struct CopyMove(PixelRect Destination, int SourceY);

/// <summary>One viewer's update: the moves, then the rectangles, whose pixels lie one after another at the start of <paramref name="Pixels"/> (the viewer's reused buffer, possibly longer).</summary>
internal sealed record UpdateBatch(IReadOnlyList<CopyMove> Copies, IReadOnlyList<PixelRect> Rects, uint[] Pixels);
