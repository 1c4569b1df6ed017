namespace MuxActors.Hocon.Tests;

public sealed class MergeAndPathTests
{
    [Fact]
    public void Duplicate_object_keys_merge_and_later_scalars_win()
    {
        TreeAssert.Hocon("""{"foo":{"a":42,"b":43,"c":{"x":2,"y":3}}}""", """
            foo : { a : 1, c { x = 1 } }
            foo : { b : 43, a : 42, c { x = 2, y = 3 } }
            """);
    }

    [Fact]
    public void An_intermediate_non_object_stops_the_merge()
    {
        TreeAssert.Hocon("""{"foo":{"b":43}}""", """
            foo : { a : 42 },
            foo : null,
            foo : { b : 43 }
            """);
        TreeAssert.Hocon("""{"foo":5}""", "foo { a = 1 }\nfoo = 5");
    }

    [Fact]
    public void Path_keys_expand_into_objects_and_merge()
    {
        TreeAssert.Hocon("""{"a":{"x":42,"y":43,"b":{"c":{"d":1}}}}""", "a.x : 42, a.y : 43\na.b.c.d = 1");
        TreeAssert.Hocon("""{"foo":{"bar":{"baz":42}}}""", "foo.bar.baz : 42");
    }

    [Fact]
    public void Quoted_keys_keep_their_dots()
    {
        TreeAssert.Hocon("""{"a.b":1,"x":{"y.z":{"w":2}},"":{"e":3}}""", "\"a.b\" = 1\nx.\"y.z\".w = 2\n\"\".e = 3");
    }

    [Fact]
    public void Path_elements_follow_the_spec_examples()
    {
        TreeAssert.Hocon("""{"10":{"0foo":1},"foo10":{"0":2},"foo10.0":3,"1":{"2":{"3":4}},"true":5,"3":6,"a b c":7,"x":{"":{"y":8}}}""", """
            10.0foo = 1
            foo10.0 = 2
            foo"10.0" = 3
            1.2.3 = 4
            true : 5
            3 : 6
            a b c : 7
            x."".y = 8
            """);
    }

    [Fact]
    public void Include_only_starts_an_include_at_the_start_of_a_key()
    {
        TreeAssert.Hocon("""{"foo include":42,"v":"include","arr":["include"],"include":1}""",
            "foo include : 42\nv : include\narr = [ include ]\n\"include\" : 1");
    }

    [Fact]
    public void Value_concatenated_objects_merge_with_earlier_definitions()
    {
        TreeAssert.Hocon("""{"a":{"b":1,"c":2,"d":3}}""", "a : { b : 1 }\na : { c : 2 } { d : 3 }");
    }
}
