namespace MuxActors.Hocon.Tests;

public sealed class SyntaxTests
{
    private static HoconObject Parse(string text) => HoconParser.ParseString(text, "test.conf", Options.NoEnvironment());

    private static HoconScalar Scalar(HoconObject root, string path) =>
        Assert.IsType<HoconScalar>(new HoconConfig(root).GetValue(path));

    [Fact]
    public void Both_comment_styles_run_to_the_end_of_the_line()
    {
        TreeAssert.Hocon("""{"a":1,"b":"x","c":"//not#comments"}""", """
            // a comment
            # another
            a = 1 // trailing
            b = x # trailing
            c = "//not#comments" // but this is
            """);
    }

    [Fact]
    public void Root_braces_are_optional_and_may_be_present()
    {
        TreeAssert.Hocon("""{"a":1}""", "a = 1");
        TreeAssert.Hocon("""{"a":1}""", "{ a = 1 }");
        TreeAssert.Hocon("""{"a":1}""", "\n  { a = 1 }  \n // done\n");
        TreeAssert.Hocon("{}", string.Empty);
        TreeAssert.Hocon("{}", "  # only a comment\n");
    }

    [Fact]
    public void Colon_equals_or_nothing_before_an_object()
    {
        TreeAssert.Hocon("""{"a":{"x":1},"b":{"x":2},"c":{"x":3},"d":{"x":4}}""", """
            a : { x : 1 }
            b = { x = 2 }
            c { x : 3 }
            d
            { x = 4 }
            """);
    }

    [Fact]
    public void Commas_or_newlines_separate_and_one_trailing_comma_is_allowed()
    {
        TreeAssert.Hocon("""{"a":[1,2,3],"b":[1,2,3],"c":[1,2,3],"o":{"x":1,"y":2}}""", """
            a = [1,2,3,]
            b = [1
            2
            3]
            c = [
              1,
              2
              , 3
            ]
            o { x = 1, y = 2, }
            """);
    }

    [Fact]
    public void Unquoted_strings_and_what_starts_a_number_or_keyword()
    {
        var root = Parse("""
            a = hello
            b = /usr/local/bin
            c = truefoo
            d = footrue
            e = 10.0bar
            f = bar10.0
            g = 1.2.3
            h = 2024-01-31
            i = a-b_c~d%e
            j = héllo.wörld
            """);
        Assert.Equal("hello", Scalar(root, "a").Text);
        Assert.Equal("/usr/local/bin", Scalar(root, "b").Text);
        Assert.Equal("truefoo", Scalar(root, "c").Text);
        Assert.Equal(HoconScalarKind.String, Scalar(root, "c").Kind);
        Assert.Equal("footrue", Scalar(root, "d").Text);
        Assert.Equal("10.0bar", Scalar(root, "e").Text);
        Assert.Equal("bar10.0", Scalar(root, "f").Text);
        Assert.Equal("1.2.3", Scalar(root, "g").Text);
        Assert.Equal("2024-01-31", Scalar(root, "h").Text);
        Assert.Equal("a-b_c~d%e", Scalar(root, "i").Text);
        Assert.Equal("héllo.wörld", Scalar(root, "j").Text);
    }

    [Theory]
    [InlineData("a = x$y", '$')]
    [InlineData("a = x`y", '`')]
    [InlineData("a = x^y", '^')]
    [InlineData("a = x?y", '?')]
    [InlineData("a = x!y", '!')]
    [InlineData("a = x@y", '@')]
    [InlineData("a = x*y", '*')]
    [InlineData("a = x&y", '&')]
    [InlineData("a = x\\y", '\\')]
    [InlineData("a = x+y", '+')]
    public void Forbidden_characters_are_rejected_in_unquoted_strings(string text, char c)
    {
        var e = Assert.Throws<HoconException>(() => Parse(text));
        Assert.Equal(new HoconOrigin("test.conf", 1, 6), e.Origin);
        Assert.Contains($"'{c}'", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Double_slash_ends_an_unquoted_string()
    {
        Assert.Equal("http:", Scalar(Parse("a = \"http:\"//x"), "a").Text);
        Assert.Equal("a/b", Scalar(Parse("a = a/b//c"), "a").Text);
    }

    [Fact]
    public void Quoted_strings_support_every_json_escape()
    {
        var root = Parse("""
            a = "q\"b\\s\/f\b\f\n\r\t"
            b = "\u0041\u00e9\u20AC"
            c = "\ud83d\ude00"
            d = ""
            e = "with # and // inside"
            """);
        Assert.Equal("q\"b\\s/f\b\f\n\r\t", Scalar(root, "a").Text);
        Assert.Equal("Aé€", Scalar(root, "b").Text);
        Assert.Equal("😀", Scalar(root, "c").Text);
        Assert.Equal(string.Empty, Scalar(root, "d").Text);
        Assert.Equal("with # and // inside", Scalar(root, "e").Text);
    }

    [Fact]
    public void Triple_quoted_strings_are_raw_and_extra_quotes_belong_to_the_text()
    {
        var root = Parse("a = \"\"\"line1\n  \"line2\" \\n ${x}\"\"\"\nb = \"\"\"x\"\"\"\"\"\nc = \"\"\"\"\"\"");
        Assert.Equal("line1\n  \"line2\" \\n ${x}", Scalar(root, "a").Text);
        Assert.Equal("x\"\"", Scalar(root, "b").Text);
        Assert.Equal(string.Empty, Scalar(root, "c").Text);
    }

    [Fact]
    public void Triple_quoted_strings_keep_line_numbers_right()
    {
        var root = Parse("a = \"\"\"one\ntwo\nthree\"\"\"\nb = 1");
        Assert.Equal(4, root["b"].Origin.Line);
        Assert.Equal(5, root["b"].Origin.Column);
    }

    [Fact]
    public void Simple_values_concatenate_with_inner_whitespace_kept()
    {
        var root = Parse("""
            a = foo   bar "baz"  1e5 true null
            b =    spaced out    # trimmed at both ends
            c = "x""y"
            d = [ 1 2 3 4 ]
            """);
        Assert.Equal("foo   bar baz  1e5 true null", Scalar(root, "a").Text);
        Assert.Equal("spaced out", Scalar(root, "b").Text);
        Assert.Equal("xy", Scalar(root, "c").Text);
        var d = Assert.IsType<HoconArray>(root["d"]);
        Assert.Equal("1 2 3 4", Assert.IsType<HoconScalar>(Assert.Single(d.Items)).Text);
    }

    [Fact]
    public void A_lone_value_keeps_its_type()
    {
        var root = Parse("a = true\nb = 42\nc = null\nd = -1.5e3\ne = \"true\"");
        Assert.Equal(HoconScalarKind.Boolean, Scalar(root, "a").Kind);
        Assert.Equal(HoconScalarKind.Number, Scalar(root, "b").Kind);
        Assert.Equal(HoconScalarKind.Null, Scalar(root, "c").Kind);
        Assert.Equal(HoconScalarKind.Number, Scalar(root, "d").Kind);
        Assert.Equal("-1.5e3", Scalar(root, "d").Text);
        Assert.Equal(HoconScalarKind.String, Scalar(root, "e").Kind);
    }

    [Fact]
    public void Arrays_and_objects_concatenate()
    {
        TreeAssert.Hocon("""{"a":[1,2,3,4],"b":{"x":1,"y":3,"z":4},"c":[[1,2,3,4]],"d":[[1,2],[3,4]]}""", """
            a = [1, 2] [3, 4]
            b = { x = 1, y = 2 } { y = 3 } { z = 4 }
            c = [ [ 1, 2 ] [ 3, 4 ] ]
            d = [ [ 1, 2 ]
                  [ 3, 4 ] ]
            """);
    }

    [Fact]
    public void Numbers_booleans_and_null()
    {
        var root = Parse("i = 42\nn = -7\nf = 3.25\ne = 1E-3\nt = true\nf2 = false\nz = null");
        Assert.True(Scalar(root, "i").TryGetInt64(out var i) && i == 42);
        Assert.True(Scalar(root, "n").TryGetInt32(out var n) && n == -7);
        Assert.True(Scalar(root, "f").TryGetDouble(out var f) && f == 3.25);
        Assert.True(Scalar(root, "e").TryGetDouble(out var e) && e == 0.001);
        Assert.True(Scalar(root, "t").TryGetBoolean(out var t) && t);
        Assert.True(Scalar(root, "f2").TryGetBoolean(out var f2) && !f2);
        Assert.True(Scalar(root, "z").IsNull);
    }

    [Fact]
    public void Unicode_separators_bom_and_crlf_are_whitespace()
    {
        var root = Parse("\uFEFFa\u00A0=\u2003x\u00A0y\r\nb = 2\r\n");
        Assert.Equal("x\u00A0y", Scalar(root, "a").Text);
        Assert.Equal(2, root["b"].Origin.Line);
    }

    [Fact]
    public void Json_is_valid_hocon()
    {
        TreeAssert.Hocon("""{"a":[1,{"b":null}],"c":"d\n","e":-0.5}""", """{"a":[1,{"b":null}],"c":"d\n","e":-0.5}""");
    }

    [Fact]
    public void Fields_keep_their_first_insertion_order()
    {
        var root = Parse("z = 1\na = 2\nm = 3\nz = 4");
        Assert.Equal(["z", "a", "m"], root.Keys);
        Assert.Equal("4", Scalar(root, "z").Text);
    }

    [Fact]
    public void Origins_point_at_the_value()
    {
        var root = Parse("a {\n  b = [\n    x\n  ]\n}");
        var b = Assert.IsType<HoconArray>(new HoconConfig(root).GetValue("a.b"));
        Assert.Equal(new HoconOrigin("test.conf", 2, 7), b.Origin);
        Assert.Equal(new HoconOrigin("test.conf", 3, 5), b.Items[0].Origin);
        Assert.Equal("test.conf:3:5", b.Items[0].Origin.ToString());
        Assert.Equal("<string>:1:5", HoconParser.ParseString("a = 1", options: Options.NoEnvironment())["a"].Origin.ToString());
    }

    [Fact]
    public void ToString_renders_json()
    {
        Assert.Equal("""{"a":[1,"x y",true,null],"b":{"c\"":"d"}}""", Parse("a = [1, x y, true, null]\nb { \"c\\\"\" = d }").ToString());
    }
}
