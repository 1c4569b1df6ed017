namespace MuxActors.Hocon;

/// <summary>
/// Recursive-descent HOCON parser producing an unresolved tree: duplicate keys are merged as they are
/// read, and whatever depends on a substitution is kept as a concatenation or merge stack for the resolver.
/// </summary>
internal sealed class Parser
{
    private readonly Tokenizer _t;
    private readonly ParseSession _session;
    private readonly string? _directory;

    // Path from the configuration root to the field being parsed. An included file starts with the
    // include site's path, so `+=` and substitution fix-ups see the path in the whole configuration.
    private readonly List<string> _path;
    private readonly string[]? _includePrefix;

    // Greater than zero inside an array element or a `+=` value, where a field has no path of its own
    // for `+=` to refer to.
    private int _unaddressable;

    public Parser(string source, string? file, string? directory, ParseSession session, string[]? includePrefix, bool unaddressable = false)
    {
        _unaddressable = unaddressable ? 1 : 0;
        _t = new Tokenizer(source, file);
        _session = session;
        _directory = directory;
        _includePrefix = includePrefix is { Length: > 0 } ? includePrefix : null;
        _path = includePrefix is null ? [] : [.. includePrefix];
    }

    /// <summary>Parses a whole document; the root is an object, or an array if the text starts with '['.</summary>
    public HoconValue ParseDocument()
    {
        SkipWhitespaceAndNewlines();
        var t = _t.Peek();
        HoconValue root;
        if (t.Kind == TokenKind.OpenBrace)
        {
            root = ParseBracedObject();
        }
        else if (t.Kind == TokenKind.OpenBracket)
        {
            root = ParseArray();
        }
        else
        {
            // No root braces: the document is the body of an object.
            var obj = new HoconObject(new SourcePos(_t.File, 1, 1));
            ParseFields(obj, braced: false, t);
            return obj;
        }

        SkipWhitespaceAndNewlines();
        t = _t.Peek();
        if (t.Kind != TokenKind.End)
        {
            throw _t.Error(t, $"unexpected {_t.Describe(t)} after the root {root.TypeName} was closed");
        }

        return root;
    }

    private HoconObject ParseBracedObject()
    {
        var open = _t.Next();
        _session.EnterNesting(_t, open);
        var obj = new HoconObject(_t.PosOf(open));
        ParseFields(obj, braced: true, open);
        _session.LeaveNesting();
        return obj;
    }

    private void ParseFields(HoconObject obj, bool braced, Token open)
    {
        var needSeparator = false;
        var sawComma = false;
        var any = false;
        while (true)
        {
            if (SkipWhitespaceAndNewlines())
            {
                needSeparator = false;
            }

            var t = _t.Peek();
            switch (t.Kind)
            {
                case TokenKind.Comma:
                    ConsumeComma(t, first: !any, "field", ref sawComma);
                    needSeparator = false;
                    continue;
                case TokenKind.CloseBrace:
                    if (!braced)
                    {
                        throw _t.Error(t, "unbalanced '}': there is no matching '{'");
                    }

                    _t.Next();
                    return;
                case TokenKind.End:
                    if (braced)
                    {
                        throw _t.Error(t, $"expected '}}' to close the object opened at line {open.Line}, column {open.Column}, found end of input");
                    }

                    return;
            }

            if (needSeparator && braced && t.Kind == TokenKind.CloseBracket)
            {
                throw _t.Error(t, $"expected '}}' to close the object opened at line {open.Line}, column {open.Column}, found ']'");
            }

            if (needSeparator)
            {
                var hint = t.Kind is TokenKind.Colon or TokenKind.Equals
                    ? " (a value containing ':' or '=' must be quoted)"
                    : string.Empty;
                throw _t.Error(t, $"expected ',' or a newline after a field, found {_t.Describe(t)}{hint}");
            }

            ParseField(obj);
            any = true;
            needSeparator = true;
            sawComma = false;
        }
    }

    private void ParseField(HoconObject obj)
    {
        var keyToken = _t.Peek();
        if (_t.IsUnquoted(keyToken, "include"))
        {
            _t.Next();
            ParseInclude(obj);
            return;
        }

        var key = ParseKey();
        SkipWhitespaceAndNewlines();
        var sep = _t.Peek();
        var append = false;
        switch (sep.Kind)
        {
            case TokenKind.Colon:
            case TokenKind.Equals:
                _t.Next();
                break;
            case TokenKind.PlusEquals:
                if (_unaddressable > 0)
                {
                    // The same limitation as the reference implementation: `${?key}` cannot name a
                    // field inside an array element, so the append would silently lose earlier values.
                    throw _t.Error(sep, "'+=' is not supported inside an array element or inside the value of another '+=' (a limitation); write the array out in full");
                }

                _t.Next();
                append = true;
                break;
            case TokenKind.OpenBrace:
                break;
            default:
                throw _t.Error(sep, $"expected ':', '=', '+=' or '{{' after key '{HoconPath.Render(key.Elements)}', found {_t.Describe(sep)}");
        }

        SkipWhitespaceAndNewlines();
        var depthBefore = _path.Count;
        key.AppendTo(_path);
        if (_path.Count > ParseSession.MaxNesting)
        {
            throw _t.Error(keyToken, $"key path nested deeper than {ParseSession.MaxNesting} levels");
        }

        _unaddressable += append ? 1 : 0;
        var value = ParseValue(sep);
        _unaddressable -= append ? 1 : 0;
        if (append)
        {
            // `a += v` is `a = ${?a} [v]`, with the full path of `a` in the whole configuration.
            var pos = _t.PosOf(sep);
            var self = new HoconSubstitution(pos, [.. _path], optional: true, fallbackPath: null, allowEnvironment: false);
            value = new HoconConcatenation(pos, [self, new HoconArray(value.Pos, [value])], isAppend: true);
        }

        _path.RemoveRange(depthBefore, _path.Count - depthBefore);
        SetField(obj, key, value, keyToken);
    }

    private ParsedKey ParseKey()
    {
        var first = _t.Peek();
        if (first.Kind is not (TokenKind.QuotedString or TokenKind.UnquotedText))
        {
            return ParseKeyRest(first, started: false, pendingWhitespace: null);
        }

        // Fast path: a key that is one quoted string or one dot-free unquoted word, followed (after
        // optional whitespace, which a key drops at its end) by a separator.
        _t.Next();
        string? whitespace = null;
        var next = _t.Peek();
        if (next.Kind == TokenKind.Whitespace)
        {
            whitespace = _t.TextOf(next);
            _t.Next();
            next = _t.Peek();
        }

        if (next.Kind is TokenKind.Colon or TokenKind.Equals or TokenKind.PlusEquals or TokenKind.OpenBrace or TokenKind.Newline or TokenKind.End)
        {
            if (first.Kind == TokenKind.QuotedString)
            {
                return new ParsedKey(first.Text!);
            }

            if (_t.SpanOf(first).IndexOf('.') < 0)
            {
                return new ParsedKey(_session.Keys.Get(_t.SpanOf(first)));
            }
        }

        return ParseKeyRest(first, started: true, whitespace);
    }

    private ParsedKey ParseKeyRest(in Token first, bool started, string? pendingWhitespace)
    {
        var pb = new PathBuilder { Cache = _session.Keys };
        if (started)
        {
            AppendKeyPiece(ref pb, first);
        }

        if (pendingWhitespace is not null)
        {
            pb.AppendWhitespace(pendingWhitespace);
        }

        while (true)
        {
            var t = _t.Peek();
            switch (t.Kind)
            {
                case TokenKind.UnquotedText:
                case TokenKind.Number:
                case TokenKind.True:
                case TokenKind.False:
                case TokenKind.Null:
                case TokenKind.QuotedString:
                    AppendKeyPiece(ref pb, t);
                    _t.Next();
                    continue;
                case TokenKind.Whitespace:
                    pb.AppendWhitespace(_t.TextOf(t));
                    _t.Next();
                    continue;
                case TokenKind.Substitution:
                    throw _t.Error(t, "substitutions are not allowed in keys");
            }

            break;
        }

        var path = pb.Finish() ?? throw (pb.IsEmpty
            ? _t.Error(first, $"expected a key, found {_t.Describe(first)}")
            : _t.Error(first, "key ends with '.'; quote an empty key as \"\""));
        return path.Length == 1 ? new ParsedKey(path[0]) : new ParsedKey(path);
    }

    private void AppendKeyPiece(ref PathBuilder pb, in Token t)
    {
        if (t.Kind == TokenKind.QuotedString)
        {
            pb.AppendQuoted(t.Text!);
            return;
        }

        var bad = pb.AppendUnquoted(_t.SpanOf(t));
        if (bad >= 0)
        {
            throw _t.Error(t.Line, t.Column + bad, "key has an empty path element at this '.'; quote an empty key as \"\"");
        }
    }

    private HoconValue ParseValue(in Token after)
    {
        var first = _t.Peek();
        HoconValue? single = null;
        List<HoconValue>? parts = null;
        Token whitespace = default;
        var hasWhitespace = false;
        var hasSubstitution = false;
        while (true)
        {
            var t = _t.Peek();
            HoconValue part;
            switch (t.Kind)
            {
                case TokenKind.Whitespace:
                    whitespace = t;
                    hasWhitespace = single is not null;
                    _t.Next();
                    continue;
                case TokenKind.OpenBrace:
                    part = ParseBracedObject();
                    break;
                case TokenKind.OpenBracket:
                    part = ParseArray();
                    break;
                case TokenKind.QuotedString:
                    _t.Next();
                    part = HoconScalar.String(_t.PosOf(t), t.Text!);
                    break;
                case TokenKind.UnquotedText:
                    _t.Next();
                    part = HoconScalar.String(_t.PosOf(t), _t.TextOf(t));
                    break;
                case TokenKind.Number:
                    _t.Next();
                    part = HoconScalar.Number(_t.PosOf(t), _t.TextOf(t));
                    break;
                case TokenKind.True:
                case TokenKind.False:
                    _t.Next();
                    part = HoconScalar.Boolean(_t.PosOf(t), t.Kind == TokenKind.True);
                    break;
                case TokenKind.Null:
                    _t.Next();
                    part = HoconScalar.Null(_t.PosOf(t));
                    break;
                case TokenKind.Substitution:
                    _t.Next();
                    part = MakeSubstitution(t);
                    hasSubstitution = true;
                    break;
                default:
                    goto Done;
            }

            if (single is null)
            {
                single = part;
            }
            else
            {
                parts ??= [single];
                if (hasWhitespace)
                {
                    parts.Add(new HoconWhitespace(_t.PosOf(whitespace), _t.TextOf(whitespace)));
                }

                parts.Add(part);
            }

            hasWhitespace = false;
        }

    Done:
        if (single is null)
        {
            var where = after.Kind == TokenKind.OpenBracket ? "in the array" : $"after {_t.Describe(after)}";
            throw _t.Error(first, $"expected a value {where}, found {_t.Describe(first)}");
        }

        if (parts is null)
        {
            return single;
        }

        if (hasSubstitution)
        {
            return new HoconConcatenation(single.Pos, parts);
        }

        // Nothing to look up: concatenate now, so type errors point at the text.
        var values = new List<HoconValue?>(parts);
        return Concatenator.Combine(values, parts, single.Pos, _session.Budget, isAppend: false, _path)!;
    }

    private HoconArray ParseArray()
    {
        var open = _t.Next();
        _session.EnterNesting(_t, open);
        _unaddressable++;
        var items = new List<HoconValue>();
        var needSeparator = false;
        var sawComma = false;
        while (true)
        {
            if (SkipWhitespaceAndNewlines())
            {
                needSeparator = false;
            }

            var t = _t.Peek();
            if (t.Kind == TokenKind.Comma)
            {
                ConsumeComma(t, first: items.Count == 0, "array element", ref sawComma);
                needSeparator = false;
                continue;
            }

            if (t.Kind == TokenKind.CloseBracket)
            {
                _t.Next();
                break;
            }

            if (t.Kind == TokenKind.End)
            {
                throw _t.Error(t, $"expected ']' to close the array opened at line {open.Line}, column {open.Column}, found end of input");
            }

            if (needSeparator && t.Kind == TokenKind.CloseBrace)
            {
                throw _t.Error(t, $"expected ']' to close the array opened at line {open.Line}, column {open.Column}, found '}}'");
            }

            if (needSeparator)
            {
                throw _t.Error(t, $"expected ',', a newline or ']' after an array element, found {_t.Describe(t)}");
            }

            items.Add(ParseValue(open));
            needSeparator = true;
            sawComma = false;
        }

        _unaddressable--;
        _session.LeaveNesting();
        return new HoconArray(_t.PosOf(open), items);
    }

    private HoconSubstitution MakeSubstitution(in Token t)
    {
        var pos = _t.PosOf(t);
        if (_includePrefix is null)
        {
            return new HoconSubstitution(pos, t.Path!, t.Optional, fallbackPath: null, allowEnvironment: true);
        }

        // In an included file, ${x} means the x next to the include first, then x at the root.
        return new HoconSubstitution(pos, [.. _includePrefix, .. t.Path!], t.Optional, fallbackPath: t.Path, allowEnvironment: true);
    }

    private void ParseInclude(HoconObject obj)
    {
        var target = _t.ReadIncludeTarget();
        var included = _session.Include(target, _directory, [.. _path], _unaddressable > 0);
        if (included is null)
        {
            return;
        }

        foreach (var field in included.FieldList)
        {
            Merger.MergeField(obj, field.Key, field.Value);
        }
    }

    private void SetField(HoconObject obj, in ParsedKey key, HoconValue value, in Token keyToken)
    {
        if (key.Single is not null)
        {
            Merger.MergeField(obj, key.Single, value);
            return;
        }

        // Walk into existing objects for a.b.c; wrap the rest of the path in new objects and merge.
        var elements = key.Many!;
        var target = obj;
        var last = elements.Length - 1;
        for (var i = 0; i < last; i++)
        {
            var idx = target.IndexOf(elements[i]);
            if (idx >= 0 && target.ValueAt(idx) is HoconObject child)
            {
                target = child;
                continue;
            }

            var pos = _t.PosOf(keyToken);
            var wrapped = value;
            for (var j = last; j > i; j--)
            {
                var o = new HoconObject(pos, 1);
                o.Add(elements[j], wrapped);
                wrapped = o;
            }

            Merger.MergeField(target, elements[i], wrapped);
            return;
        }

        Merger.MergeField(target, elements[last], value);
    }

    /// <summary>Skips whitespace and newlines; returns whether a newline was skipped.</summary>
    private bool SkipWhitespaceAndNewlines()
    {
        var newline = false;
        while (true)
        {
            var k = _t.Peek().Kind;
            if (k == TokenKind.Newline)
            {
                newline = true;
            }
            else if (k != TokenKind.Whitespace)
            {
                return newline;
            }

            _t.Next();
        }
    }

    /// <summary>A key path: one element (the common case, no array) or several.</summary>
    private readonly struct ParsedKey
    {
        public ParsedKey(string single) => Single = single;

        public ParsedKey(string[] many) => Many = many;

        public string? Single { get; }

        public string[]? Many { get; }

        public IEnumerable<string> Elements => Single is not null ? [Single] : Many!;

        public void AppendTo(List<string> path)
        {
            if (Single is not null)
            {
                path.Add(Single);
            }
            else
            {
                path.AddRange(Many!);
            }
        }
    }

    /// <summary>The one rule for separator commas in objects and arrays: not before the first element, never two in a row.</summary>
    private void ConsumeComma(in Token comma, bool first, string element, ref bool sawComma)
    {
        if (first)
        {
            throw _t.Error(comma, $"unexpected ',' before the first {element}");
        }

        if (sawComma)
        {
            throw _t.Error(comma, "unexpected ',': two commas in a row");
        }

        _t.Next();
        sawComma = true;
    }
}
