namespace MuxActors.Core.MuxFe;

/// <summary>What a key after the escape character asks the frontend mux to do.</summary>
public enum EscapeCommand
{
    /// <summary><c>h</c> or <c>?</c>: the key help, to the backend.</summary>
    Help,

    /// <summary><c>b</c>: a BREAK to the focused console.</summary>
    Break,

    /// <summary><c>c</c>: focus the next console.</summary>
    NextFocus,

    /// <summary><c>t</c>: timestamps at the start of output lines, on or off.</summary>
    ToggleTimestamps,

    /// <summary><c>x</c>: detach the backend.</summary>
    Detach,
}

/// <summary>
/// The escape-key state machine of a frontend mux (QEMU's mux=on), one per backend connection: bytes pass through
/// to the focused console; the escape character (QEMU's <c>-echr</c>, Ctrl-A by default) followed by a command key
/// becomes a command; the escape twice is one literal escape; any other key after the escape is swallowed with it.
/// Plain code, no actor: the mux feeds it each chunk read from the backend.
/// </summary>
/// <param name="escape">The escape character (1 to 26 are Ctrl-A to Ctrl-Z).</param>
public sealed class EscapeKeys(byte escape)
{
    /// <summary>The default escape character, Ctrl-A.</summary>
    public const byte CtrlA = 1;

    private bool _pending;

    /// <summary>Whether the last byte fed was an escape still waiting for its command key.</summary>
    public bool Pending => _pending;

    /// <summary>
    /// Splits <paramref name="input"/> into data for the console and commands, in order, calling
    /// <paramref name="data"/> for each run of console bytes (a slice of the input when it needs no copy) and
    /// <paramref name="command"/> for each command.
    /// </summary>
    public void Feed(ReadOnlyMemory<byte> input, Action<ReadOnlyMemory<byte>> data, Action<EscapeCommand> command)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(command);
        var span = input.Span;
        var start = 0;
        for (var i = 0; i < span.Length; i++)
        {
            if (!_pending)
            {
                if (span[i] != escape)
                    continue;
                if (i > start)
                    data(input[start..i]);
                _pending = true;
                start = i + 1;
                continue;
            }
            _pending = false;
            start = i + 1;
            if (span[i] == escape)
            {
                data(input.Slice(i, 1)); // escape twice: one literal escape
                continue;
            }
            if (ToCommand(span[i]) is { } known)
                command(known);
        }
        if (!_pending && start < span.Length)
            data(input[start..]);
    }

    /// <summary>The command a key stands for, or null (swallowed).</summary>
    public static EscapeCommand? ToCommand(byte key) => key switch
    {
        (byte)'h' or (byte)'?' => EscapeCommand.Help,
        (byte)'b' => EscapeCommand.Break,
        (byte)'c' => EscapeCommand.NextFocus,
        (byte)'t' => EscapeCommand.ToggleTimestamps,
        (byte)'x' => EscapeCommand.Detach,
        _ => null,
    };

    /// <summary>How a person types <paramref name="key"/>: <c>Ctrl-A</c> for 1, <c>Ctrl-]</c> for 29, <c>0x7f</c>...</summary>
    public static string Name(byte key) => key switch
    {
        < 32 => "Ctrl-" + (char)('@' + key),
        > 32 and < 127 => ((char)key).ToString(),
        _ => $"0x{key:x2}",
    };

    /// <summary>The help text the backend sees for <c>h</c> and <c>?</c>.</summary>
    public static string Help(byte escape, string focus)
    {
        var e = Name(escape);
        return $"\r\n[muxactors: keys after {e}]\r\n"
            + $"  {e} c   focus the next console (now: {focus})\r\n"
            + $"  {e} b   send a BREAK to the focused console\r\n"
            + $"  {e} t   timestamps at the start of output lines, on or off\r\n"
            + $"  {e} x   detach (close this connection)\r\n"
            + $"  {e} h   this help ({e} ? too)\r\n"
            + $"  {e} {e}   send {e} itself\r\n";
    }
}
