namespace MuxActors.Hocon.Tests;

public sealed class IncludeTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private HoconObject ParseFile(string relative) => HoconParser.ParseFile(Path.Combine(_dir.Path, relative), Options.NoEnvironment());

    [Fact]
    public void Include_forms_quoted_file_and_required()
    {
        _dir.Write("a.conf", "a = 1");
        _dir.Write("b.conf", "b = 2");
        _dir.Write("c.conf", "c = 3");
        _dir.Write("d.conf", "d = 4");
        var root = _dir.Write("main.conf", """
            include "a.conf"
            include file("b.conf")
            include required("c.conf")
            include required( file( "d.conf" ) )
            include "missing.conf"
            include file("missing-too.conf")
            e = 5
            """);
        TreeAssert.Equal(System.Text.Json.JsonDocument.Parse("""{"a":1,"b":2,"c":3,"d":4,"e":5}""").RootElement,
            HoconParser.ParseFile(root, Options.NoEnvironment()));
    }

    [Fact]
    public void Includes_are_relative_to_the_including_file()
    {
        _dir.Write("conf/main.conf", "include \"sub/one.conf\"\nx { include \"sub/two.conf\" }");
        _dir.Write("conf/sub/one.conf", "one = 1\ninclude \"deeper/three.conf\"");
        _dir.Write("conf/sub/two.conf", "two = 2");
        _dir.Write("conf/sub/deeper/three.conf", "three = 3");
        TreeAssert.Equal(System.Text.Json.JsonDocument.Parse("""{"one":1,"three":3,"x":{"two":2}}""").RootElement, ParseFile("conf/main.conf"));
    }

    [Fact]
    public void Extensionless_include_loads_every_format_with_hocon_winning()
    {
        _dir.Write("base.properties", "p = prop\nshared = fromProperties\nn.x = 1");
        _dir.Write("base.json", """{ "j": "json", "shared": "fromJson" }""");
        _dir.Write("base.conf", "c = conf\nshared = fromConf");
        _dir.Write("main.conf", "include \"base\"");
        TreeAssert.Equal(
            System.Text.Json.JsonDocument.Parse("""{"p":"prop","j":"json","c":"conf","shared":"fromConf","n":{"x":"1"}}""").RootElement,
            ParseFile("main.conf"));
    }

    [Fact]
    public void Required_include_that_is_missing_is_an_error_at_the_include()
    {
        _dir.Write("main.conf", "a = 1\ninclude required(\"nope\")");
        var e = Assert.Throws<HoconException>(() => ParseFile("main.conf"));
        Assert.Equal(2, e.Origin!.Line);
        Assert.Equal(18, e.Origin.Column);
        Assert.Contains("nope.conf", e.Message, StringComparison.Ordinal);
        Assert.Contains("nope.json", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Include_cycles_are_detected()
    {
        _dir.Write("a.conf", "include \"b.conf\"\na = 1");
        _dir.Write("b.conf", "x = 1\ninclude \"a.conf\"");
        var e = Assert.Throws<HoconException>(() => ParseFile("a.conf"));
        Assert.Equal(new HoconOrigin(Path.Combine(_dir.Path, "b.conf"), 2, 9), e.Origin);
        Assert.Contains("include cycle", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Substitutions_in_included_files_are_fixed_up_then_fall_back_to_the_root()
    {
        _dir.Write("foo.conf", "x : 10\ny : ${x}\nz : ${top}\nw += 1");
        _dir.Write("main.conf", "top = T\na : { include \"foo.conf\" }\nb : { include \"foo.conf\" }\nb : { x : 42 }");
        TreeAssert.Equal(
            System.Text.Json.JsonDocument.Parse("""{"top":"T","a":{"x":10,"y":10,"z":"T","w":[1]},"b":{"x":42,"y":42,"z":"T","w":[1]}}""").RootElement,
            ParseFile("main.conf"));
    }

    [Fact]
    public void Included_keys_merge_in_statement_order()
    {
        _dir.Write("inc.conf", "a { x = 1, y = 1 }\nb = inc");
        _dir.Write("main.conf", "a { y = 0, z = 0 }\nb = before\ninclude \"inc.conf\"\nb = after");
        TreeAssert.Equal(System.Text.Json.JsonDocument.Parse("""{"a":{"x":1,"y":1,"z":0},"b":"after"}""").RootElement, ParseFile("main.conf"));
    }

    [Fact]
    public void An_included_array_is_an_error()
    {
        _dir.Write("arr.conf", "[1, 2]");
        _dir.Write("main.conf", "include \"arr.conf\"");
        var e = Assert.Throws<HoconException>(() => ParseFile("main.conf"));
        Assert.Contains("must contain an object", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("include url(\"http://example.com/a.conf\")", "url(...) includes are not supported")]
    [InlineData("include classpath(\"a.conf\")", "classpath(...) includes are not supported")]
    [InlineData("include \"https://example.com/a.conf\"", "URL includes are not supported")]
    public void Url_and_classpath_includes_are_rejected(string text, string message)
    {
        var e = Assert.Throws<HoconException>(() => HoconParser.ParseString(text, "t.conf", Options.NoEnvironment()));
        Assert.Contains(message, e.Message, StringComparison.Ordinal);
        Assert.Equal(new HoconOrigin("t.conf", 1, 9), e.Origin);
    }

    [Fact]
    public void Parsed_strings_include_relative_to_the_base_directory()
    {
        _dir.Write("x.conf", "x = 1");
        var root = HoconParser.ParseString("include \"x.conf\"\ny = ${x}", options: Options.NoEnvironment(_dir.Path));
        Assert.Equal("1", ((HoconScalar)root["y"]).Text);
    }

    [Fact]
    public void Missing_root_file_is_reported()
    {
        var e = Assert.Throws<HoconException>(() => ParseFile("absent.conf"));
        Assert.Contains("not found", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Properties_files_parse_by_extension_with_object_wins()
    {
        _dir.Write("p.properties", "# comment\n! also a comment\na=hello\na.b=world\nkey\\ with\\ spaces = v\\u0041\nlong = one \\\n    two\ncolon: yes\n");
        TreeAssert.Equal(
            System.Text.Json.JsonDocument.Parse("""{"a":{"b":"world"},"key with spaces":"vA","long":"one two","colon":"yes"}""").RootElement,
            ParseFile("p.properties"));
    }

    [Fact]
    public void Invalid_utf8_is_reported()
    {
        File.WriteAllBytes(Path.Combine(_dir.Path, "bad.conf"), [(byte)'a', (byte)'=', 0xC3, 0x28]);
        var e = Assert.Throws<HoconException>(() => ParseFile("bad.conf"));
        Assert.Contains("not valid UTF-8", e.Message, StringComparison.Ordinal);
    }
}
