namespace MuxActors.Hocon.Tests;

/// <summary>
/// Malformed inputs, each with the line and column the error must report and a fragment of its message.
/// A getter column ("duration:t") means the text parses and the typed getter is what must fail.
/// </summary>
public sealed class BadInputCorpusTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    public static TheoryData<string, int, int, string, string> Corpus() => new()
    {
        // Unterminated strings and triple quotes.
        { "a = \"abc", 1, 5, "unterminated quoted string", "" },
        { "a = \"abc\nb = 1", 1, 5, "unterminated quoted string", "" },
        { "a = \"\\", 1, 5, "unterminated quoted string", "" },
        { "a = \"\"\"abc", 1, 5, "unterminated triple-quoted string", "" },
        { "x = 1\ny = \"\"\"never\nclosed\"\"", 2, 5, "unterminated triple-quoted string", "" },
        { "a = \"\"\"ok\"\"\" \"\"\"open", 1, 14, "unterminated triple-quoted string", "" },

        // Bad escapes and control characters.
        { "a = \"bad \\q escape\"", 1, 10, "invalid escape sequence '\\q'", "" },
        { "a = \"\\u12G4\"", 1, 6, "invalid unicode escape", "" },
        { "a = \"\\u12\"", 1, 6, "invalid unicode escape", "" },
        { "a = \"tab\there\"", 1, 9, "control character U+0009", "" },

        // Substitution syntax.
        { "a = ${b", 1, 5, "unterminated substitution", "" },
        { "a = ${b\nc = 1", 1, 5, "unterminated substitution", "" },
        { "a = ${x}${y", 1, 9, "unterminated substitution", "" },
        { "a = ${}", 1, 5, "empty substitution", "" },
        { "a = ${?}", 1, 5, "empty substitution", "" },
        { "a = ${b..c}", 1, 9, "empty element", "" },
        { "a = ${b.}", 1, 5, "ends with '.'", "" },
        { "a = ${b{}", 1, 8, "unexpected '{' in substitution", "" },
        { "a = $x", 1, 5, "'$' must start a substitution", "" },
        { "${x} = 1", 1, 1, "substitutions are not allowed in keys", "" },

        // Unresolvable substitutions and cycles.
        { "a {\n  b = ${nope}\n}", 2, 7, "could not resolve substitution ${nope} for key 'a.b'", "" },
        { "a : ${b}\nb : ${a}", 2, 5, "still being resolved", "" },
        { "a : ${b}\nb : ${c}\nc : ${a}", 3, 5, "'a' = ${b} -> 'b' = ${c} -> 'c' = ${a}", "" },
        { "a : ${a}", 1, 5, "could not resolve substitution ${a}", "" },
        { "x { y = ${x} }", 1, 9, "key 'x.y'", "" },
        { "a : [ ${a} ]", 1, 7, "key 'a[0]'", "" },

        // Object vs. scalar (and array) conflicts.
        { "a = { x = 1 } foo", 1, 15, "cannot concatenate a string with an object", "" },
        { "a = [1] { x = 1 }", 1, 9, "cannot concatenate an object with an array", "" },
        { "a = foo [1]", 1, 9, "cannot concatenate an array with a string", "" },
        { "a { x = 1 }\nb = ${a} tail", 2, 10, "(from ${a})", "" },
        { "a = 1\nb = ${a.c}", 2, 5, "'a' is a number, not an object", "" },
        { "a = {x = 1}\na = ${a} [1]", 2, 10, "cannot concatenate an array with an object", "" },

        // += on a non-array.
        { "a = 1\na += 2", 2, 3, "'+=' on key 'a' needs an array", "" },
        { "a = { x = 1 }\na += 2", 2, 3, "already holds an object", "" },
        { "a = \"s\"\nn { a = ${a} }\na += 2", 3, 3, "already holds a string", "" },

        // Stray and missing brackets.
        { "a = 1\n}", 2, 1, "unbalanced '}'", "" },
        { "{ a = 1 }}", 1, 10, "after the root object was closed", "" },
        { "a = 1 }", 1, 7, "unbalanced '}'", "" },
        { "a = [1, 2", 1, 10, "expected ']' to close the array opened at line 1, column 5", "" },
        { "a { b = 1", 1, 10, "expected '}' to close the object opened at line 1, column 3", "" },
        { "a = [1, { b = 2 ]", 1, 17, "expected '}' to close the object opened at line 1, column 9", "" },
        { "a = [1, 2 }", 1, 11, "expected ']' to close the array opened at line 1, column 5", "" },

        // Commas.
        { "a = [1,,2]", 1, 8, "two commas in a row", "" },
        { "a = [,1]", 1, 6, "before the first array element", "" },
        { "{ , a = 1 }", 1, 3, "before the first field", "" },
        { "a = 1,,\nb = 2", 1, 7, "two commas in a row", "" },
        { "a = 1\n, , b = 2", 2, 3, "two commas in a row", "" },

        // Fields, keys and values.
        { "a = 1 b = 2", 1, 9, "expected ',' or a newline after a field, found '='", "" },
        { "\"a\" : 1 : 2", 1, 9, "must be quoted", "" },
        { "a = ", 1, 5, "expected a value after '='", "" },
        { "a = }", 1, 5, "expected a value after '=', found '}'", "" },
        { "a b", 1, 4, "expected ':', '=', '+=' or '{' after key", "" },
        { "a.b..c = 1", 1, 5, "empty path element", "" },
        { ".a = 1", 1, 1, "empty path element", "" },
        { "a. = 1", 1, 1, "key ends with '.'", "" },
        { "[1, 2]", 1, 1, "root of a configuration must be an object", "" },

        // Reserved characters.
        { "a = ^", 1, 5, "reserved character '^'", "" },
        { "a = 1+2", 1, 6, "reserved character '+'", "" },
        { "a = x@y", 1, 6, "reserved character '@'", "" },

        // Include syntax.
        { "include foo", 1, 9, "expected a quoted file name after include", "" },
        { "include file(foo)", 1, 14, "expected a quoted string inside file(...)", "" },
        { "include file(\"x\"", 1, 17, "expected ')' to close file(", "" },
        { "include required(classpath(\"x\"))", 1, 18, "classpath(...) includes are not supported", "" },
        { "include", 1, 8, "expected a quoted file name", "" },

        // Units and types for known options (the typed getter fails, pointing at the value).
        { "t = 5 sec", 1, 5, "unknown unit 'sec'", "duration:t" },
        { "x {\n  t = 10 Minutes\n}", 2, 7, "unknown unit 'Minutes'", "duration:x.t" },
        { "s = 10 KB", 1, 5, "unknown unit 'KB'", "bytes:s" },
        { "s = 10 bits", 1, 5, "unknown unit 'bits'", "bytes:s" },
        { "s = 8 EiB", 1, 5, "larger than", "bytes:s" },
        { "port = abc", 1, 8, "key 'port' must be a whole number", "int:port" },
        { "port { n = 1 }", 1, 6, "must be a whole number (32-bit), but it is an object", "int:port" },
        { "mode = fast", 1, 8, "allowed values: slow, medium", "oneof:mode" },
    };

    [Theory]
    [MemberData(nameof(Corpus))]
    public void Reports_line_and_column(string text, int line, int column, string fragment, string getter)
    {
        var e = Assert.Throws<HoconException>(() =>
        {
            var root = HoconParser.ParseString(text, "bad.conf", Options.NoEnvironment(_dir.Path));
            var config = new HoconConfig(root);
            var parts = getter.Split(':');
            switch (parts[0])
            {
                case "duration":
                    config.GetDuration(parts[1]);
                    break;
                case "bytes":
                    config.GetBytes(parts[1]);
                    break;
                case "int":
                    config.GetInt32(parts[1]);
                    break;
                case "oneof":
                    config.GetOneOf(parts[1], "slow", "medium");
                    break;
            }
        });
        Assert.Equal(new HoconOrigin("bad.conf", line, column), e.Origin);
        Assert.StartsWith($"bad.conf:{line}:{column}: ", e.Message, StringComparison.Ordinal);
        Assert.Contains(fragment, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Corpus_is_large_enough() => Assert.True(Corpus().Count + 4 >= 40);

    [Fact]
    public void Missing_required_include()
    {
        var e = Assert.Throws<HoconException>(() =>
            HoconParser.ParseString("a = 1\n  include required(\"missing.conf\")", "bad.conf", Options.NoEnvironment(_dir.Path)));
        Assert.Equal(new HoconOrigin("bad.conf", 2, 20), e.Origin);
        Assert.Contains("required include 'missing.conf' not found", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Missing_required_include_inside_a_file()
    {
        _dir.Write("outer.conf", "x {\n  include required(file(\"inner\"))\n}");
        var e = Assert.Throws<HoconException>(() => HoconParser.ParseFile(Path.Combine(_dir.Path, "outer.conf"), Options.NoEnvironment()));
        Assert.Equal(new HoconOrigin(Path.Combine(_dir.Path, "outer.conf"), 2, 20), e.Origin);
        Assert.Contains("inner.conf", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Include_cycle_of_three_files()
    {
        _dir.Write("a.conf", "include \"b.conf\"");
        _dir.Write("b.conf", "\n\ninclude \"c.conf\"");
        _dir.Write("c.conf", "k = 1\n   include \"a.conf\"");
        var e = Assert.Throws<HoconException>(() => HoconParser.ParseFile(Path.Combine(_dir.Path, "a.conf"), Options.NoEnvironment()));
        Assert.Equal(new HoconOrigin(Path.Combine(_dir.Path, "c.conf"), 2, 12), e.Origin);
        Assert.Contains("a.conf -> ", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Error_inside_an_included_file_points_into_that_file()
    {
        _dir.Write("inc.conf", "ok = 1\nbroken = \"oops");
        var e = Assert.Throws<HoconException>(() =>
            HoconParser.ParseString("include \"inc.conf\"", "bad.conf", Options.NoEnvironment(_dir.Path)));
        Assert.Equal(new HoconOrigin(Path.Combine(_dir.Path, "inc.conf"), 2, 10), e.Origin);
    }

    [Fact]
    public void Nesting_too_deep_is_an_error_not_a_crash()
    {
        var text = "a = " + new string('[', 5000) + new string(']', 5000);
        var e = Assert.Throws<HoconException>(() => HoconParser.ParseString(text, "bad.conf", Options.NoEnvironment()));
        Assert.Equal(1, e.Origin!.Line);
        Assert.Equal(5 + ParseSession.MaxNesting, e.Origin.Column);
        Assert.Contains("nested deeper than", e.Message, StringComparison.Ordinal);
    }
}
