using System.Globalization;
using System.Text;

namespace MuxActors.Hocon;

/// <summary>
/// Single-pass HOCON tokenizer over a string, with one token of look-ahead. Comments are skipped
/// (their newline is kept, since newlines separate fields). Errors carry the file, line and column.
/// </summary>
internal sealed class Tokenizer
{
    private static readonly string[] IncludeFunctions = ["required", "file", "url", "classpath"];

    private readonly string _s;
    private readonly string? _file;
    private int _pos;
    private int _line = 1;
    private int _lineStart;
    private Token _peeked;
    private bool _hasPeeked;

    public Tokenizer(string source, string? file)
    {
        _s = source;
        _file = file;
    }

    public string? File => _file;

    public HoconOrigin OriginOf(in Token t) => new(_file, t.Line, t.Column);

    public SourcePos PosOf(in Token t) => new(_file, t.Line, t.Column);

    public Token Peek()
    {
        if (!_hasPeeked)
        {
            _peeked = Read();
            _hasPeeked = true;
        }

        return _peeked;
    }

    public Token Next()
    {
        if (_hasPeeked)
        {
            _hasPeeked = false;
            return _peeked;
        }

        return Read();
    }

    public string TextOf(in Token t) => t.Text ?? _s.Substring(t.Start, t.Length);

    public ReadOnlySpan<char> SpanOf(in Token t) => _s.AsSpan(t.Start, t.Length);

    public bool IsUnquoted(in Token t, string text) =>
        t.Kind == TokenKind.UnquotedText && SpanOf(t).SequenceEqual(text);

    public string Describe(in Token t) => t.Kind switch
    {
        TokenKind.End => "end of input",
        TokenKind.Newline => "a newline",
        TokenKind.Whitespace => "whitespace",
        TokenKind.QuotedString => "string \"" + Shorten(t.Text!) + "\"",
        TokenKind.UnquotedText => "'" + Shorten(TextOf(t)) + "'",
        TokenKind.Number => "number " + TextOf(t),
        TokenKind.Substitution => "substitution " + TextOf(t),
        _ => "'" + TextOf(t) + "'",
    };

    public HoconException Error(in Token t, string reason) => Error(t.Line, t.Column, reason);

    public HoconException Error(int line, int column, string reason) => new(new HoconOrigin(_file, line, column), null, reason);

    /// <summary>
    /// Reads what follows <c>include</c>: a quoted string, or <c>file(...)</c>, <c>url(...)</c>, <c>classpath(...)</c>,
    /// optionally wrapped in <c>required(...)</c>. Works on characters, because <c>(</c> is legal in unquoted text.
    /// </summary>
    public IncludeTarget ReadIncludeTarget()
    {
        if (_hasPeeked)
        {
            throw new InvalidOperationException("include argument read after a peek");
        }

        SkipIncludeSpace(allowNewlines: true);
        return ReadIncludeResource(allowRequired: true);
    }

    private IncludeTarget ReadIncludeResource(bool allowRequired)
    {
        var line = _line;
        var col = Column;
        if (_pos < _s.Length && _s[_pos] == '"')
        {
            var q = ReadQuoted();
            return new IncludeTarget(IncludeKind.Heuristic, q.Text!, false, new HoconOrigin(_file, line, col));
        }

        string? function = null;
        foreach (var name in IncludeFunctions)
        {
            if (string.CompareOrdinal(_s, _pos, name, 0, name.Length) == 0 && _pos + name.Length < _s.Length && _s[_pos + name.Length] == '(')
            {
                function = name;
                break;
            }
        }

        if (function is null || (function == "required" && !allowRequired))
        {
            throw Error(line, col, "expected a quoted file name after include, or file(\"...\"), url(\"...\"), classpath(\"...\") or required(...) around one of those");
        }

        _pos += function.Length + 1;
        SkipIncludeSpace(allowNewlines: false);
        IncludeTarget result;
        if (function == "required")
        {
            result = ReadIncludeResource(allowRequired: false) with { Required = true };
        }
        else
        {
            if (_pos >= _s.Length || _s[_pos] != '"')
            {
                throw Error(_line, Column, $"expected a quoted string inside {function}(...)");
            }

            var q = ReadQuoted();
            var kind = function switch
            {
                "file" => IncludeKind.File,
                "url" => IncludeKind.Url,
                _ => IncludeKind.Classpath,
            };
            result = new IncludeTarget(kind, q.Text!, false, new HoconOrigin(_file, line, col));
        }

        SkipIncludeSpace(allowNewlines: false);
        if (_pos >= _s.Length || _s[_pos] != ')')
        {
            throw Error(_line, Column, $"expected ')' to close {function}(");
        }

        _pos++;
        return result;
    }

    private void SkipIncludeSpace(bool allowNewlines)
    {
        while (_pos < _s.Length)
        {
            var c = _s[_pos];
            if (c == '\n')
            {
                if (!allowNewlines)
                {
                    return;
                }

                _pos++;
                _line++;
                _lineStart = _pos;
            }
            else if (CharClass.IsWhitespace(c))
            {
                _pos++;
            }
            else if (allowNewlines && (c == '#' || (c == '/' && Peek2() == '/')))
            {
                SkipComment();
            }
            else
            {
                return;
            }
        }
    }

    private int Column => _pos - _lineStart + 1;

    private char Peek2() => _pos + 1 < _s.Length ? _s[_pos + 1] : '\0';

    private Token Read()
    {
        while (true)
        {
            var start = _pos;
            if (start >= _s.Length)
            {
                return new Token(TokenKind.End, start, 0, _line, Column);
            }

            var c = _s[start];
            var col = Column;
            switch (c)
            {
                case '\n':
                    {
                        var t = new Token(TokenKind.Newline, start, 1, _line, col);
                        _pos++;
                        _line++;
                        _lineStart = _pos;
                        return t;
                    }

                case '{':
                    return Single(TokenKind.OpenBrace);
                case '}':
                    return Single(TokenKind.CloseBrace);
                case '[':
                    return Single(TokenKind.OpenBracket);
                case ']':
                    return Single(TokenKind.CloseBracket);
                case ',':
                    return Single(TokenKind.Comma);
                case ':':
                    return Single(TokenKind.Colon);
                case '=':
                    return Single(TokenKind.Equals);
                case '#':
                    SkipComment();
                    continue;
                case '/' when Peek2() == '/':
                    SkipComment();
                    continue;
                case '+':
                    if (Peek2() == '=')
                    {
                        _pos += 2;
                        return new Token(TokenKind.PlusEquals, start, 2, _line, col);
                    }

                    throw Reserved(c, _line, col);
                case '$':
                    if (Peek2() == '{')
                    {
                        return ReadSubstitution();
                    }

                    throw Error(_line, col, "'$' must start a substitution '${...}'; quote the string if you mean a literal '$'");
                case '"':
                    return ReadQuoted();
                default:
                    if (CharClass.IsWhitespace(c))
                    {
                        _pos++;
                        while (_pos < _s.Length && _s[_pos] != '\n' && CharClass.IsWhitespace(_s[_pos]))
                        {
                            _pos++;
                        }

                        return new Token(TokenKind.Whitespace, start, _pos - start, _line, col);
                    }

                    if (c == '-' || CharClass.IsDigit(c))
                    {
                        return ReadNumberOrText();
                    }

                    if (CharClass.IsForbidden(c))
                    {
                        throw Reserved(c, _line, col);
                    }

                    return ReadUnquoted();
            }
        }
    }

    private Token Single(TokenKind kind)
    {
        var t = new Token(kind, _pos, 1, _line, Column);
        _pos++;
        return t;
    }

    private HoconException Reserved(char c, int line, int col) =>
        Error(line, col, $"reserved character '{c}' is not allowed outside quotes; quote the string if you need it");

    private void SkipComment()
    {
        var nl = _s.IndexOf('\n', _pos);
        _pos = nl < 0 ? _s.Length : nl;
    }

    private Token ReadUnquoted()
    {
        var start = _pos;
        var col = Column;

        // An unquoted string may not begin with true/false/null: those become their own token
        // ("truefoo" is true then "foo"), exactly as the spec says.
        if (StartsWith("true"))
        {
            _pos += 4;
            return new Token(TokenKind.True, start, 4, _line, col);
        }

        if (StartsWith("false"))
        {
            _pos += 5;
            return new Token(TokenKind.False, start, 5, _line, col);
        }

        if (StartsWith("null"))
        {
            _pos += 4;
            return new Token(TokenKind.Null, start, 4, _line, col);
        }

        ScanUnquotedChars();
        return new Token(TokenKind.UnquotedText, start, _pos - start, _line, col);
    }

    private void ScanUnquotedChars()
    {
        while (_pos < _s.Length)
        {
            var c = _s[_pos];
            if (CharClass.EndsUnquoted(c) || (c == '/' && Peek2() == '/'))
            {
                return;
            }

            _pos++;
        }
    }

    private bool StartsWith(string word) => string.CompareOrdinal(_s, _pos, word, 0, word.Length) == 0;

    private Token ReadNumberOrText()
    {
        var start = _pos;
        var col = Column;
        while (_pos < _s.Length && CharClass.IsNumberChar(_s[_pos]))
        {
            _pos++;
        }

        var span = _s.AsSpan(start, _pos - start);
        if (NumberSyntax.IsJsonNumber(span))
        {
            return new Token(TokenKind.Number, start, span.Length, _line, col);
        }

        // Not a number after all ("1.2.3", "2024-01-02", "-"): unquoted text, unless it holds a reserved '+'.
        var plus = span.IndexOf('+');
        if (plus >= 0)
        {
            throw Reserved('+', _line, col + plus);
        }

        ScanUnquotedChars();
        return new Token(TokenKind.UnquotedText, start, _pos - start, _line, col);
    }

    private Token ReadQuoted()
    {
        var start = _pos;
        var line = _line;
        var col = Column;
        if (_pos + 2 < _s.Length && _s[_pos + 1] == '"' && _s[_pos + 2] == '"')
        {
            return ReadTripleQuoted(start, line, col);
        }

        _pos++;
        StringBuilder? sb = null;
        var segStart = _pos;
        while (true)
        {
            // Jump to the next quote, backslash or control character.
            var skip = _s.AsSpan(_pos).IndexOfAny(CharClass.QuotedStops);
            if (skip < 0)
            {
                throw Error(line, col, "unterminated quoted string: expected '\"' before the end of input");
            }

            _pos += skip;
            var c = _s[_pos];
            if (c == '"')
            {
                string text;
                if (sb is null)
                {
                    text = _s.Substring(segStart, _pos - segStart);
                }
                else
                {
                    text = sb.Append(_s, segStart, _pos - segStart).ToString();
                }

                _pos++;
                return new Token(TokenKind.QuotedString, start, _pos - start, line, col, text);
            }

            if (c == '\\')
            {
                sb ??= new StringBuilder();
                sb.Append(_s, segStart, _pos - segStart);
                ReadEscape(sb, line, col);
                segStart = _pos;
                continue;
            }

            if (c == '\n')
            {
                throw Error(line, col, "unterminated quoted string: expected '\"' before the end of the line (use \\n, or \"\"\" for multi-line text)");
            }

            if (c < ' ')
            {
                throw Error(_line, Column, $"control character U+{(int)c:X4} must be escaped in a quoted string");
            }

            _pos++;
        }
    }

    private void ReadEscape(StringBuilder sb, int stringLine, int stringCol)
    {
        var escCol = Column;
        if (_pos + 1 >= _s.Length)
        {
            throw Error(stringLine, stringCol, "unterminated quoted string: expected '\"' before the end of input");
        }

        var e = _s[_pos + 1];
        switch (e)
        {
            case '"':
            case '\\':
            case '/':
                sb.Append(e);
                break;
            case 'b':
                sb.Append('\b');
                break;
            case 'f':
                sb.Append('\f');
                break;
            case 'n':
                sb.Append('\n');
                break;
            case 'r':
                sb.Append('\r');
                break;
            case 't':
                sb.Append('\t');
                break;
            case 'u':
                if (_pos + 6 > _s.Length || !IsHex4(_s.AsSpan(_pos + 2, 4)))
                {
                    throw Error(_line, escCol, "invalid unicode escape: expected \\u followed by exactly 4 hex digits");
                }

                var code = int.Parse(_s.AsSpan(_pos + 2, 4), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture);
                sb.Append((char)code);
                _pos += 6;
                return;
            default:
                var shown = e == '\n' ? "\\n (a newline)" : "\\" + e;
                throw Error(_line, escCol, $"invalid escape sequence '{shown}'; allowed escapes are \\\" \\\\ \\/ \\b \\f \\n \\r \\t and \\uXXXX");
        }

        _pos += 2;
    }

    private static bool IsHex4(ReadOnlySpan<char> s)
    {
        foreach (var c in s)
        {
            if (!char.IsAsciiHexDigit(c))
            {
                return false;
            }
        }

        return true;
    }

    private Token ReadTripleQuoted(int start, int line, int col)
    {
        var contentStart = start + 3;
        var close = _s.IndexOf("\"\"\"", contentStart, StringComparison.Ordinal);
        if (close < 0)
        {
            throw Error(line, col, "unterminated triple-quoted string: expected a closing \"\"\"");
        }

        // Any run of three or more quotes closes the string; the extra quotes belong to the text.
        var end = close + 3;
        while (end < _s.Length && _s[end] == '"')
        {
            end++;
        }

        var text = _s.Substring(contentStart, end - 3 - contentStart);
        for (var i = contentStart; i < end; i++)
        {
            if (_s[i] == '\n')
            {
                _line++;
                _lineStart = i + 1;
            }
        }

        _pos = end;
        return new Token(TokenKind.QuotedString, start, end - start, line, col, text);
    }

    private Token ReadSubstitution()
    {
        var start = _pos;
        var line = _line;
        var col = Column;
        _pos += 2;
        var optional = false;
        if (_pos < _s.Length && _s[_pos] == '?')
        {
            optional = true;
            _pos++;
        }

        var path = ReadPathUntil(toEnd: false, line, col, "substitution");
        return new Token(TokenKind.Substitution, start, _pos - start, line, col, null, path, optional);
    }

    /// <summary>Parses a whole string as a path expression (for <see cref="HoconPath.Parse"/>).</summary>
    public string[] ReadWholePath() => ReadPathUntil(toEnd: true, 1, 1, "path");

    private string[] ReadPathUntil(bool toEnd, int line, int col, string what)
    {
        var pb = default(PathBuilder);
        while (true)
        {
            if (_pos >= _s.Length)
            {
                if (toEnd)
                {
                    break;
                }

                throw Error(line, col, "unterminated substitution: expected '}' before the end of input");
            }

            var c = _s[_pos];
            if (c == '}' && !toEnd)
            {
                _pos++;
                break;
            }

            if (c == '\n' && !toEnd)
            {
                throw Error(line, col, "unterminated substitution: expected '}' before the end of the line");
            }

            if (c == '"')
            {
                pb.AppendQuoted(ReadQuoted().Text!);
            }
            else if (CharClass.IsWhitespace(c))
            {
                var wsStart = _pos;
                while (_pos < _s.Length && CharClass.IsWhitespace(_s[_pos]) && _s[_pos] != '\n')
                {
                    _pos++;
                }

                if (_pos == wsStart)
                {
                    throw Error(_line, Column, $"unexpected newline in {what}");
                }

                pb.AppendWhitespace(_s.Substring(wsStart, _pos - wsStart));
            }
            else if (CharClass.IsForbidden(c) || (c == '/' && Peek2() == '/'))
            {
                var expected = toEnd ? "a path element" : "a path and '}'";
                throw Error(_line, Column, $"unexpected '{c}' in {what}; expected {expected}");
            }
            else
            {
                var segStart = _pos;
                ScanUnquotedChars();
                var bad = pb.AppendUnquoted(_s.AsSpan(segStart, _pos - segStart));
                if (bad >= 0)
                {
                    throw Error(_line, segStart - _lineStart + 1 + bad, $"{what} has an empty element at this '.'; quote an empty key as \"\"");
                }
            }
        }

        return pb.Finish()
            ?? throw Error(line, col, pb.IsEmpty ? $"empty {what}: expected a path" : $"{what} ends with '.'; quote an empty key as \"\"");
    }

    private static string Shorten(string s) => s.Length <= 40 ? s : s[..37] + "...";
}
