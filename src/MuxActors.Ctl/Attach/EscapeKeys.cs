namespace MuxActors.Ctl.Attach;

/// <summary>What a key sequence typed during attach asks for.</summary>
internal enum EscapeCommand
{
    /// <summary>Send <see cref="EscapeAction.Data"/> to the console.</summary>
    Send,

    /// <summary>Ctrl-] q: detach.</summary>
    Detach,

    /// <summary>Ctrl-] b: send a BREAK to the console.</summary>
    Break,

    /// <summary>Ctrl-] ?: show the escape keys.</summary>
    Help,
}

/// <summary>One step of typed input: bytes to send, or a command.</summary>
internal sealed record EscapeAction(EscapeCommand Command, byte[] Data)
{
    /// <summary>A command without data.</summary>
    public static EscapeAction Of(EscapeCommand command) => new(command, []);
}

/// <summary>
/// The attach escape, as in telnet: Ctrl-] then q detaches, Ctrl-] b sends a BREAK, Ctrl-] ? lists the keys and
/// Ctrl-] Ctrl-] sends one literal Ctrl-]; after Ctrl-] any other key is swallowed with it. The state carries over
/// between reads, so the two keys may arrive in separate reads.
/// </summary>
internal sealed class EscapeKeys
{
    /// <summary>Ctrl-] (GS, 0x1d).</summary>
    public const byte Escape = 0x1d;

    /// <summary>The help line shown for Ctrl-] ?.</summary>
    public const string HelpText = "Ctrl-] q detach, Ctrl-] b send BREAK, Ctrl-] Ctrl-] send Ctrl-]";

    private bool _afterEscape;

    /// <summary>Splits <paramref name="input"/> into data to send and commands, in typing order.</summary>
    public IReadOnlyList<EscapeAction> Feed(ReadOnlySpan<byte> input)
    {
        var actions = new List<EscapeAction>();
        var run = new List<byte>(input.Length);
        foreach (var b in input)
        {
            if (!_afterEscape)
            {
                if (b == Escape)
                    _afterEscape = true;
                else
                    run.Add(b);
                continue;
            }
            _afterEscape = false;
            var command = b switch
            {
                (byte)'q' or (byte)'Q' or (byte)'.' => EscapeCommand.Detach,
                (byte)'b' or (byte)'B' => EscapeCommand.Break,
                (byte)'?' or (byte)'h' or (byte)'H' => EscapeCommand.Help,
                _ => EscapeCommand.Send,
            };
            if (command == EscapeCommand.Send)
            {
                if (b == Escape)
                    run.Add(Escape);
                continue; // any other key after Ctrl-] is swallowed with it
            }
            Flush(run, actions);
            actions.Add(EscapeAction.Of(command));
        }
        Flush(run, actions);
        return actions;
    }

    private static void Flush(List<byte> run, List<EscapeAction> actions)
    {
        if (run.Count == 0)
            return;
        actions.Add(new EscapeAction(EscapeCommand.Send, [.. run]));
        run.Clear();
    }
}
