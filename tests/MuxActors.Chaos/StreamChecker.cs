using System.Text;

namespace MuxActors.Chaos;

/// <summary>
/// Checks what one sink received against <see cref="ChaosStream"/>, chunk by chunk: notices (<c>\r\n[muxactors: ...]\r\n</c>,
/// never part of the stream, which has no <c>\r</c>) are taken out and counted; a lossless sink must then hold the
/// stream exactly from its first offset, a <c>drop</c> sink may skip ahead but never back, and neither may hold a
/// foreign byte. The first problem is kept, with its offset.
/// </summary>
public sealed class StreamChecker
{
    private const int MaxNotice = 200;
    private static readonly byte[] NoticeStart = "\r\n[muxactors: "u8.ToArray();
    private readonly bool _gapsAllowed;
    private readonly List<byte> _pending = [];
    private readonly StringBuilder _notice = new();
    private readonly List<string> _notices = [];
    private bool _synced;
    private bool _inNotice;
    private bool _lastWasNotice;

    /// <param name="name">The sink, for findings.</param>
    /// <param name="gapsAllowed">A <c>drop</c> sink: forward jumps are allowed.</param>
    /// <param name="start">The first offset a lossless sink must hold; null: wherever it joined.</param>
    public StreamChecker(string name, bool gapsAllowed, long? start)
    {
        Name = name;
        _gapsAllowed = gapsAllowed;
        _synced = start is not null;
        Position = start ?? 0;
    }

    public string Name { get; }

    /// <summary>The next stream offset expected.</summary>
    public long Position { get; private set; }

    /// <summary>The first offset this sink received, once known.</summary>
    public long? First { get; private set; }

    /// <summary>Stream bytes checked (notices not counted).</summary>
    public long Checked { get; private set; }

    /// <summary>Forward jumps (a <c>drop</c> sink's skips).</summary>
    public int Skips { get; private set; }

    /// <summary>The first problem found, or null.</summary>
    public string? Finding { get; private set; }

    public IReadOnlyList<string> Notices => _notices;

    /// <summary>Notices that contain <paramref name="text"/>.</summary>
    public int CountNotices(string text) => _notices.Count(n => n.Contains(text, StringComparison.Ordinal));

    /// <summary>Whether the last thing received was a notice containing <paramref name="text"/>.</summary>
    public bool EndsWithNotice(string text) => !_inNotice && _pending.Count == 0 && _lastWasNotice && _notices.Count > 0 && _notices[^1].Contains(text, StringComparison.Ordinal);

    public void Feed(ReadOnlySpan<byte> data)
    {
        while (!data.IsEmpty && Finding is null)
        {
            if (_inNotice)
            {
                data = FeedNotice(data);
                continue;
            }
            var cr = data.IndexOf((byte)'\r');
            var stream = cr < 0 ? data : data[..cr];
            if (!stream.IsEmpty)
            {
                _lastWasNotice = false;
                FeedStream(stream);
            }
            if (cr < 0)
                return;
            _inNotice = true;
            _notice.Clear();
            data = data[cr..];
        }
    }

    private ReadOnlySpan<byte> FeedNotice(ReadOnlySpan<byte> data)
    {
        var i = 0;
        for (; i < data.Length; i++)
        {
            var b = data[i];
            var at = _notice.Length;
            if ((at < NoticeStart.Length && b != NoticeStart[at]) || at > MaxNotice)
            {
                Fail($"foreign byte 0x{b:x2} inside what began as a notice, after offset {Position}: '{Escape(_notice.ToString())}'");
                return [];
            }
            _notice.Append((char)b);
            if (b == (byte)'\n' && _notice.Length > NoticeStart.Length + 2 && _notice[^2] == '\r' && _notice[^3] == ']')
            {
                _notices.Add(_notice.ToString(NoticeStart.Length, _notice.Length - NoticeStart.Length - 3));
                _inNotice = false;
                _lastWasNotice = true;
                return data[(i + 1)..];
            }
        }
        return [];
    }

    private void FeedStream(ReadOnlySpan<byte> data)
    {
        if (!_synced)
        {
            Resync(data);
            return;
        }
        var bad = ChaosStream.Mismatch(data, Position);
        if (bad < 0)
        {
            Accept(data.Length);
            return;
        }
        Accept(bad);
        if (_gapsAllowed)
        {
            _synced = false;
            Resync(data[bad..]);
            return;
        }
        Fail(Describe(data, bad));
    }

    private void Accept(int n)
    {
        First ??= Position;
        Position += n;
        Checked += n;
    }

    private void Resync(ReadOnlySpan<byte> data)
    {
        foreach (var b in data)
            _pending.Add(b);
        var window = _pending.ToArray();
        if (ChaosStream.Locate(window) is not { } start)
        {
            if (_pending.Count > 4 * ChaosStream.RecordLength)
                Fail($"foreign bytes after offset {Position}: '{Escape(Encoding.Latin1.GetString(window, 0, 48))}'");
            return;
        }
        _pending.Clear();
        if (First is not null && start < Position)
        {
            Fail($"went back: after offset {Position} came the bytes of offset {start}");
            return;
        }
        if (First is not null && start > Position)
            Skips++;
        _synced = true;
        Position = start;
        Accept(window.Length);
    }

    /// <summary>
    /// What is wrong at <paramref name="bad"/>, the first byte of <paramref name="data"/> that differs: the bytes from
    /// there are placed by their records, and the fault is put where they begin to belong there (bytes just before it
    /// can happen to match both places; the stream's records start with zeros).
    /// </summary>
    private string Describe(ReadOnlySpan<byte> data, int bad)
    {
        var window = data[bad..Math.Min(data.Length, bad + 64)];
        if (ChaosStream.Locate(window) is { } actual)
        {
            var back = 0;
            while (bad - back > 0 && actual - back > 0 && data[bad - back - 1] == ChaosStream.At(actual - back - 1))
                back++;
            var (at, from) = (Position - back, actual - back);
            return actual > Position
                ? $"gap: {actual - Position} bytes missing at offset {at} (the next bytes are offset {from})"
                : $"repeat: at offset {at} came the bytes of offset {from} again";
        }
        return window.Length < 2 * ChaosStream.RecordLength
            ? $"foreign or misplaced bytes at offset {Position}: '{Escape(Encoding.Latin1.GetString(window))}' (too few to place)"
            : $"foreign bytes at offset {Position}: '{Escape(Encoding.Latin1.GetString(window))}'";
    }

    private void Fail(string finding) => Finding ??= $"{Name}: {finding}";

    private static string Escape(string text) =>
        string.Concat(text.Select(c => c is >= ' ' and < '\x7f' ? c.ToString() : $"\\x{(int)c:x2}"));
}
