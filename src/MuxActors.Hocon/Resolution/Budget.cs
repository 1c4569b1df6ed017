namespace MuxActors.Hocon;

/// <summary>
/// Caps how much a document may expand while being concatenated and merged, so a small input such as
/// <c>b = ${a}${a}, c = ${b}${b}, ...</c> cannot exhaust memory.
/// </summary>
internal sealed class Budget
{
    private readonly long _limit;
    private long _remaining;

    public Budget(long limit)
    {
        _limit = limit;
        _remaining = limit;
    }

    public void Spend(long units, SourcePos origin)
    {
        _remaining -= units;
        if (_remaining < 0)
        {
            throw new HoconException(new HoconOrigin(origin.File, origin.Line, origin.Column), null, $"the configuration expands to more than {_limit} values or characters through substitutions and concatenations");
        }
    }
}
