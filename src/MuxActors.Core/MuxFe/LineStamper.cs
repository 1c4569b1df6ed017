namespace MuxActors.Core.MuxFe;

/// <summary>
/// Puts <c>[HH:MM:SS.mmm] </c> before every output line while on, like QEMU's mux (Ctrl-A t): the time elapsed since
/// the first line stamped after turning it on, written when the line's first byte arrives. Plain code over a
/// <see cref="TimeProvider"/>, so tests move time themselves.
/// </summary>
/// <param name="time">The clock (the actor system's, virtual under Akka's TestScheduler).</param>
public sealed class LineStamper(TimeProvider time)
{
    private bool _lineStart = true;
    private DateTimeOffset? _since;

    /// <summary>Whether lines are stamped.</summary>
    public bool On { get; private set; }

    /// <summary>Turns stamping on or off; turning it on starts the elapsed time again at the next line.</summary>
    public void Set(bool on)
    {
        On = on;
        _since = null;
    }

    /// <summary>The bytes to pass on for <paramref name="data"/>: the same memory when nothing is stamped.</summary>
    public ReadOnlyMemory<byte> Stamp(ReadOnlyMemory<byte> data)
    {
        var span = data.Span;
        if (!On)
        {
            if (span.Length > 0)
                _lineStart = span[^1] == (byte)'\n';
            return data;
        }
        var lines = _lineStart ? 1 : 0;
        for (var i = 0; i < span.Length - 1; i++)
        {
            if (span[i] == (byte)'\n')
                lines++;
        }
        if (lines == 0 || span.Length == 0)
        {
            if (span.Length > 0)
                _lineStart = span[^1] == (byte)'\n';
            return data;
        }
        var now = time.GetUtcNow();
        _since ??= now;
        var elapsed = now - _since.Value;
        var stamp = System.Text.Encoding.ASCII.GetBytes(
            $"[{(int)elapsed.TotalHours:00}:{elapsed.Minutes:00}:{elapsed.Seconds:00}.{elapsed.Milliseconds:000}] ");
        var result = new byte[span.Length + lines * stamp.Length];
        var at = 0;
        for (var i = 0; i < span.Length; i++)
        {
            if (_lineStart)
            {
                stamp.CopyTo(result, at);
                at += stamp.Length;
                _lineStart = false;
            }
            result[at++] = span[i];
            if (span[i] == (byte)'\n')
                _lineStart = true;
        }
        return result;
    }
}
