namespace MuxActors.Terminal;

/// <summary>
/// The parameters, private marker, intermediates and final byte of an escape, CSI or DCS
/// sequence. The parser owns one instance and reuses it, so a handler must read it during
/// the dispatch call and not keep it. Parameter count and values are clamped
/// (<see cref="MaxParams"/>, <see cref="MaxValue"/>) so hostile input cannot grow memory.
/// </summary>
public sealed class VtSequence
{
    /// <summary>Parameters beyond this many are dropped.</summary>
    public const int MaxParams = 32;

    /// <summary>Parameter values are clamped to this.</summary>
    public const int MaxValue = 65535;

    private readonly int[] _params = new int[MaxParams];
    private uint _subParamMask;
    private bool _paramOverflow;

    /// <summary>How many parameters were given (an empty list counts 0, "1;" counts 2).</summary>
    public int Count { get; private set; }

    /// <summary>The private marker (<c>&lt; = &gt; ?</c>) after the introducer, or 0.</summary>
    public byte Marker { get; internal set; }

    /// <summary>The first intermediate byte (0x20–0x2F), or 0.</summary>
    public byte Intermediate { get; private set; }

    /// <summary>The second intermediate byte, or 0.</summary>
    public byte Intermediate2 { get; private set; }

    /// <summary>The final byte.</summary>
    public byte Final { get; internal set; }

    /// <summary>True when more than two intermediates arrived: such sequences are not acted on.</summary>
    public bool TooManyIntermediates { get; private set; }

    /// <summary>Parameter <paramref name="index"/>, or <paramref name="defaultValue"/> when missing or 0 (the VT convention).</summary>
    public int Param(int index, int defaultValue)
    {
        int value = index < Count ? _params[index] : 0;
        return value == 0 ? defaultValue : value;
    }

    /// <summary>Parameter <paramref name="index"/> as sent (0 when missing).</summary>
    public int Raw(int index) => index < Count ? _params[index] : 0;

    /// <summary>True when parameter <paramref name="index"/> followed a colon (an SGR sub-parameter).</summary>
    public bool IsSubParam(int index) => index < Count && (_subParamMask & (1u << index)) != 0;

    internal void Clear()
    {
        Count = 0;
        _subParamMask = 0;
        _paramOverflow = false;
        Marker = 0;
        Intermediate = 0;
        Intermediate2 = 0;
        Final = 0;
        TooManyIntermediates = false;
    }

    internal void AddDigit(int digit)
    {
        if (_paramOverflow)
            return;
        if (Count == 0)
        {
            Count = 1;
            _params[0] = 0;
        }
        int value = (_params[Count - 1] * 10) + digit;
        _params[Count - 1] = value > MaxValue ? MaxValue : value;
    }

    internal void AddSeparator(bool colon)
    {
        if (_paramOverflow)
            return;
        if (Count == 0)
        {
            Count = 1;
            _params[0] = 0;
        }
        if (Count == MaxParams)
        {
            _paramOverflow = true;
            return;
        }
        _params[Count] = 0;
        if (colon)
            _subParamMask |= 1u << Count;
        Count++;
    }

    internal void Collect(byte intermediate)
    {
        if (Intermediate == 0)
            Intermediate = intermediate;
        else if (Intermediate2 == 0)
            Intermediate2 = intermediate;
        else
            TooManyIntermediates = true;
    }
}
