namespace MuxActors.Hocon;

// Nodes that exist only between parsing and resolution. A resolved tree never contains them.

/// <summary>A <c>${path}</c> or <c>${?path}</c> reference.</summary>
internal sealed class HoconSubstitution : HoconValue
{
    internal HoconSubstitution(SourcePos origin, string[] path, bool optional, string[]? fallbackPath, bool allowEnvironment)
        : base(origin)
    {
        Path = path;
        Optional = optional;
        FallbackPath = fallbackPath;
        AllowEnvironment = allowEnvironment;
    }

    /// <summary>The path looked up first; in an included file it is prefixed with the include site's path.</summary>
    public string[] Path { get; }

    public bool Optional { get; }

    /// <summary>For substitutions in included files: the path as written, looked up when the prefixed one is missing.</summary>
    public string[]? FallbackPath { get; }

    /// <summary>False for the implicit <c>${?key}</c> of <c>+=</c>: an environment string can never be appended to.</summary>
    public bool AllowEnvironment { get; }

    public override string TypeName => "substitution";

    internal bool InProgress { get; set; }

    internal bool Done { get; set; }

    internal HoconValue? Result { get; set; }

    /// <summary>The substitution as the user wrote it (without the include prefix).</summary>
    public string Display => "${" + (Optional ? "?" : string.Empty) + HoconPath.Render(FallbackPath ?? Path) + "}";
}

/// <summary>Several values written side by side, joined into one string, array or object at resolution.</summary>
internal sealed class HoconConcatenation : HoconValue
{
    internal HoconConcatenation(SourcePos origin, List<HoconValue> parts, bool isAppend = false)
        : base(origin)
    {
        Parts = parts;
        IsAppend = isAppend;
    }

    /// <summary>The values, with <see cref="HoconWhitespace"/> for the whitespace between them.</summary>
    public List<HoconValue> Parts { get; }

    /// <summary>True when this came from <c>key += value</c> (that is <c>${?key} [value]</c>).</summary>
    public bool IsAppend { get; }

    public override string TypeName => "concatenation";

    internal bool InProgress { get; set; }

    internal bool Done { get; set; }

    internal HoconValue? Result { get; set; }
}

/// <summary>Whitespace between two values of a concatenation; kept only when strings are joined.</summary>
internal sealed class HoconWhitespace : HoconValue
{
    internal HoconWhitespace(SourcePos origin, string text)
        : base(origin)
    {
        Text = text;
    }

    public string Text { get; }

    public override string TypeName => "whitespace";
}

/// <summary>
/// Successive definitions of one key that could not be merged while parsing because one of them
/// is unresolved. Entries are oldest first; resolution works from the newest down, which is how
/// a self-referential field (<c>a = ${a} [x]</c>) sees the value below it.
/// </summary>
internal sealed class HoconMergeStack : HoconValue
{
    private HoconValue?[]? _memo;
    private bool[]? _memoSet;

    internal HoconMergeStack(SourcePos origin, List<HoconValue> entries)
        : base(origin)
    {
        Entries = entries;
    }

    public List<HoconValue> Entries { get; }

    /// <summary>
    /// While entry <c>n</c> is being evaluated this is <c>n</c>: a lookup reaching this key then sees only
    /// entries below <c>n</c> (the spec's "look backward" rule). -1 when not evaluating.
    /// </summary>
    internal int Ceiling { get; set; } = -1;

    public override string TypeName => "merged value";

    internal bool TryGetMemo(int top, out HoconValue? value)
    {
        if (_memoSet is not null && top < _memoSet.Length && _memoSet[top])
        {
            value = _memo![top];
            return true;
        }

        value = null;
        return false;
    }

    internal void SetMemo(int top, HoconValue? value)
    {
        _memo ??= new HoconValue?[Entries.Count];
        _memoSet ??= new bool[Entries.Count];
        _memo[top] = value;
        _memoSet[top] = true;
    }
}

/// <summary>Marks a field whose value was an undefined optional substitution: the field does not exist.</summary>
internal sealed class HoconVanished : HoconValue
{
    public static readonly HoconVanished Instance = new();

    private HoconVanished()
        : base(new SourcePos(null, 0, 0))
    {
    }

    public override string TypeName => "nothing";
}
