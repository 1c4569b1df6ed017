using System.Globalization;
using System.Runtime.CompilerServices;

namespace MuxActors.Hocon;

/// <summary>State shared by the parsers of one document and everything it includes.</summary>
internal sealed partial class ParseSession
{
    public const int MaxNesting = 200;
    public const int MaxIncludeDepth = 32;

    private int _nesting;

    public ParseSession(HoconParseOptions options, long budget)
    {
        Options = options;
        Budget = new Budget(budget);
    }

    public HoconParseOptions Options { get; }

    public Budget Budget { get; }

    public KeyCache Keys { get; } = new();

    public void EnterNesting(Tokenizer t, in Token at)
    {
        if (++_nesting > MaxNesting || !RuntimeHelpers.TryEnsureSufficientExecutionStack())
        {
            throw t.Error(at, string.Create(CultureInfo.InvariantCulture, $"objects and arrays nested deeper than {MaxNesting} levels"));
        }
    }

    public void LeaveNesting() => _nesting--;
}
