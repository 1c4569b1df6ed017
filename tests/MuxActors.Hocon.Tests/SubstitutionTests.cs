namespace MuxActors.Hocon.Tests;

public sealed class SubstitutionTests
{
    private static HoconObject Parse(string text, HoconParseOptions? options = null) =>
        HoconParser.ParseString(text, "test.conf", options ?? Options.NoEnvironment());

    private static HoconException Fails(string text, HoconParseOptions? options = null) =>
        Assert.Throws<HoconException>(() => Parse(text, options));

    [Fact]
    public void Substitutions_look_up_absolute_paths_and_can_look_forward()
    {
        TreeAssert.Hocon("""{"a":{"b":1,"c":2},"d":{"e":1,"f":{"b":1,"c":2}},"g":2}""", """
            d { e = ${a.b}, f = ${a} }
            a { b = 1, c = ${g} }
            g = 2
            """);
    }

    [Fact]
    public void A_lone_substitution_keeps_the_type_and_concatenations_become_strings()
    {
        TreeAssert.Hocon("""{"n":42,"t":true,"z":null,"s":"42 is true","q":"42!","arr":[1,2],"o":{"x":1},"list":[1,2],"obj":{"x":1}}""", """
            n = 42
            t = true
            z = null
            s = ${n} is ${t}
            q = ${n}"!"
            arr = ${list}
            o = ${obj}
            list = [1, 2]
            obj { x = 1 }
            """);
    }

    [Fact]
    public void Null_in_a_string_concatenation_renders_as_null()
    {
        TreeAssert.Hocon("""{"z":null,"s":"null!"}""", "z = null\ns = ${z}\"!\"");
    }

    [Fact]
    public void Missing_required_substitution_names_key_path_and_substitution()
    {
        var e = Fails("a {\n  b = ${nope.x}\n}");
        Assert.Equal(new HoconOrigin("test.conf", 2, 7), e.Origin);
        Assert.Equal("a.b", e.Path);
        Assert.Contains("${nope.x}", e.Message, StringComparison.Ordinal);
        Assert.Contains("'a.b'", e.Message, StringComparison.Ordinal);
        Assert.StartsWith("test.conf:2:7: ", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Optional_substitution_falls_back_to_the_environment()
    {
        var env = Options.WithEnvironment(("HOME", "/home/me"), ("PORT", "8080"));
        var root = Parse("home = ${?HOME}\nport = ${PORT}\nlog = ${HOME}/log", env);
        Assert.Equal("/home/me", ((HoconScalar)root["home"]).Text);
        Assert.Equal("8080", ((HoconScalar)root["port"]).Text);
        Assert.Equal(HoconScalarKind.String, ((HoconScalar)root["port"]).Kind);
        Assert.Equal("/home/me/log", ((HoconScalar)root["log"]).Text);
    }

    [Fact]
    public void The_configuration_wins_over_the_environment_and_null_blocks_it()
    {
        var env = Options.WithEnvironment(("HOME", "/home/me"), ("X", "env"));
        var root = Parse("HOME = null\nX = conf\na = ${?HOME}\nb = ${X}", env);
        Assert.True(((HoconScalar)root["a"]).IsNull);
        Assert.Equal("conf", ((HoconScalar)root["b"]).Text);
    }

    [Fact]
    public void A_missing_optional_substitution_makes_the_field_vanish()
    {
        TreeAssert.Hocon("""{"b":[1,3],"c":"x","d":{"k":1},"e":[1]}""", """
            a = ${?nope}
            b = [1, ${?nope}, 3]
            c = ${?nope}x
            d = { k = 1 }
            d = ${?nope}
            e = ${?nope} [1]
            f = ${?nope}${?nada}
            """);
    }

    [Fact]
    public void Self_reference_appends_to_the_previous_value()
    {
        TreeAssert.Hocon("""{"path":"a:b:c:d","list":[1,2,3,4],"bin":["/bin","/usr/bin"]}""", """
            path : "a:b:c"
            path : ${path}":d"
            list : [1, 2]
            list : ${list} [3, 4]
            bin = [ /bin ]
            bin = ${bin} [ /usr/bin ]
            """);
    }

    [Fact]
    public void Self_reference_with_nothing_earlier_uses_the_environment()
    {
        var root = Parse("PATH = ${PATH}\":/opt/bin\"", Options.WithEnvironment(("PATH", "/usr/bin")));
        Assert.Equal("/usr/bin:/opt/bin", ((HoconScalar)root["PATH"]).Text);
    }

    [Fact]
    public void Self_reference_to_an_object_and_inheritance()
    {
        TreeAssert.Hocon("""{"foo":{"a":1},"generic":{"size":6},"east":{"size":6,"name":"east"}}""", """
            foo : { a : 1 }
            foo : ${foo}
            generic = { size = 6 }
            east = ${generic} { name = "east" }
            """);
    }

    [Fact]
    public void Self_reference_looks_below_even_through_a_path()
    {
        TreeAssert.Hocon("""{"foo":{"a":2,"c":1}}""", """
            foo : { a : { c : 1 } }
            foo : ${foo.a}
            foo : { a : 2 }
            """);
    }

    [Fact]
    public void Optional_self_reference_with_nothing_earlier_vanishes()
    {
        TreeAssert.Hocon("""{"a":"foo"}""", "foo : ${?foo}\na = ${?a}foo");
    }

    [Fact]
    public void Plus_equals_appends_and_may_come_first()
    {
        TreeAssert.Hocon("""{"a":[1,2,3],"b":["x"],"n":{"l":[{"k":1},{"k":2}]},"three":3}""", """
            a = [1]
            a += 2
            a += ${three}
            three = 3
            b += x
            n { l += { k = 1 } }
            n { l += { k = 2 } }
            """);
    }

    [Fact]
    public void Concatenations_with_undefined_optionals_follow_the_reference_behaviour()
    {
        TreeAssert.Hocon("""{"a":" ","b":"","c":"foo","d":[1],"e":{"x":"foo"},"f":{"x":"foo","y":42},"y":{"y":42}}""", """
            a = ${?foo} ${?bar}
            b = ""${?foo}${?bar}
            c = foo${?bar}
            d = [1] ${?bar}
            e = { x : "foo" } ${?bar}
            f = { x : "foo" } ${?y}
            y = { y : 42 }
            """);
    }

    [Fact]
    public void Object_concatenation_with_a_self_reference_lets_the_earlier_value_win()
    {
        TreeAssert.Hocon("""{"a":{"b":3}}""", "a : { b : 3 }, a : { b : 2 } ${a}");
        TreeAssert.Hocon("""{"a":{"a":0,"b":1,"c":2}}""", "a : { a : 0 }, a : ${a} { b : 1 }, a : ${a} { c : 2 }");
    }

    [Theory]
    [InlineData("x = [ { a += 1, a += 2 } ]", 1, 11)]
    [InlineData("x += { a += 1 }", 1, 10)]
    [InlineData("x = [\n  { y { a += 1 } }\n]", 2, 11)]
    public void Plus_equals_where_the_field_has_no_path_is_rejected(string text, int line, int column)
    {
        var e = Fails(text);
        Assert.Equal(new HoconOrigin("test.conf", line, column), e.Origin);
        Assert.Contains("not supported inside an array element", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Plus_equals_in_nested_objects_and_paths()
    {
        TreeAssert.Hocon("""{"a":{"b":{"c":[1,2]}},"x":{"l":[1,2,3]},"o":[{"b":1},{"b":2}]}""", """
            a.b.c = [1], a.b.c += 2
            x { l += 1, l += 2, l += 3 }
            o += { b: 1 }, o += { b: 2 }
            """);
    }

    [Fact]
    public void Many_appends_do_not_recurse_per_append()
    {
        // More appends than the resolver's recursion limit, so recursing once per append would fail.
        var count = Resolver.MaxResolveDepth + 500;
        var text = string.Join('\n', Enumerable.Range(0, count).Select(i => $"a += {i}"));
        var a = Assert.IsType<HoconArray>(Parse(text)["a"]);
        Assert.Equal(count, a.Count);
        Assert.Equal((count - 1).ToString(System.Globalization.CultureInfo.InvariantCulture), ((HoconScalar)a.Items[^1]).Text);
    }

    [Fact]
    public void Objects_may_refer_to_paths_inside_themselves_and_look_forward()
    {
        TreeAssert.Hocon("""{"bar":{"foo":43,"baz":43}}""", """
            bar : { foo : 42,
                    baz : ${bar.foo}
                  }
            bar : { foo : 43 }
            """);
    }

    [Fact]
    public void Mutually_referring_objects_resolve()
    {
        TreeAssert.Hocon("""{"bar":{"a":4,"b":3},"foo":{"c":3,"d":4}}""", """
            bar : { a : ${foo.d}, b : 1 }
            bar.b = 3
            foo : { c : ${bar.b}, d : 2 }
            foo.d = 4
            """);
    }

    [Fact]
    public void A_hidden_substitution_is_never_evaluated()
    {
        TreeAssert.Hocon("""{"foo":42,"bar":1}""", "foo : ${does-not-exist}\nfoo : 42\nbar : ${bar}\nbar : 1");
    }

    [Fact]
    public void Substitutions_are_memoized_so_both_sides_of_an_ambiguous_cycle_agree()
    {
        var root = Parse("a : 1\nb : 2\na : ${b}\nb : ${a}");
        Assert.Equal(((HoconScalar)root["a"]).Text, ((HoconScalar)root["b"]).Text);
    }

    [Theory]
    [InlineData("a : ${b}\nb : ${a}", 2, 5)]
    [InlineData("a : ${b}\nb : ${c}\nc : ${a}", 3, 5)]
    [InlineData("foo : ${foo}", 1, 7)]
    [InlineData("a : { b : ${a} }", 1, 11)]
    [InlineData("a : [ ${a} ]", 1, 7)]
    public void Cycles_are_errors(string text, int line, int column)
    {
        var e = Fails(text);
        Assert.Equal(new HoconOrigin("test.conf", line, column), e.Origin);
        Assert.Contains("${", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_substitution_through_a_non_object_says_so()
    {
        var e = Fails("a = 1\nb = ${a.c}");
        Assert.Contains("'a' is a number, not an object", e.Message, StringComparison.Ordinal);
        Assert.Equal(new HoconOrigin("test.conf", 2, 5), e.Origin);
    }

    [Fact]
    public void Substitution_paths_may_quote_elements()
    {
        TreeAssert.Hocon("""{"a.b":{"c":1},"x":1,"y":1}""", "\"a.b\".c = 1\nx = ${\"a.b\".c}\ny = ${ \"a.b\".c }");
    }

    [Fact]
    public void Exponential_expansion_is_stopped()
    {
        var lines = new List<string> { "a0 = xxxxxxxxxxxxxxxx" };
        for (var i = 1; i < 40; i++)
        {
            lines.Add($"a{i} = ${{a{i - 1}}}${{a{i - 1}}}");
        }

        var e = Fails(string.Join('\n', lines), new HoconParseOptions { Environment = _ => null, MaxExpansion = 1_000_000 });
        Assert.Contains("expands to more than", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Very_long_substitution_chains_fail_cleanly()
    {
        var text = string.Join('\n', Enumerable.Range(0, 20000).Select(i => $"k{i} = ${{k{i + 1}}}")) + "\nk20000 = 1";
        var e = Fails(text);
        Assert.Contains("nested too deeply", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Moderate_substitution_chains_resolve()
    {
        var text = string.Join('\n', Enumerable.Range(0, 200).Select(i => $"k{i} = ${{k{i + 1}}}")) + "\nk200 = done";
        Assert.Equal("done", ((HoconScalar)Parse(text)["k0"]).Text);
    }
}
