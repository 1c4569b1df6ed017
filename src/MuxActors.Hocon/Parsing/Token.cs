namespace MuxActors.Hocon;

internal enum TokenKind : byte
{
    End,
    Newline,
    Whitespace,
    Comma,
    Colon,
    Equals,
    PlusEquals,
    OpenBrace,
    CloseBrace,
    OpenBracket,
    CloseBracket,
    QuotedString,
    UnquotedText,
    Number,
    True,
    False,
    Null,
    Substitution,
}

/// <summary>
/// A token: its kind and source span. Quoted strings carry their decoded text; substitutions their path.
/// Other tokens are read from the source span on demand, so most tokens allocate nothing.
/// </summary>
internal readonly struct Token(TokenKind kind, int start, int length, int line, int column, string? text = null, string[]? path = null, bool optional = false)
{
    public TokenKind Kind { get; } = kind;

    public int Start { get; } = start;

    public int Length { get; } = length;

    public int Line { get; } = line;

    public int Column { get; } = column;

    /// <summary>Decoded text of a quoted string.</summary>
    public string? Text { get; } = text;

    /// <summary>Path of a substitution.</summary>
    public string[]? Path { get; } = path;

    /// <summary>Whether a substitution is <c>${?...}</c>.</summary>
    public bool Optional { get; } = optional;

    public bool IsSimpleValue => Kind is TokenKind.QuotedString or TokenKind.UnquotedText or TokenKind.Number
        or TokenKind.True or TokenKind.False or TokenKind.Null;
}

/// <summary>The argument of an include statement.</summary>
internal enum IncludeKind
{
    Heuristic,
    File,
    Url,
    Classpath,
}

internal readonly record struct IncludeTarget(IncludeKind Kind, string Name, bool Required, HoconOrigin Origin);
