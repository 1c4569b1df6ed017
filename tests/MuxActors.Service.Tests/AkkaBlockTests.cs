using Akka.Configuration;
using MuxActors.Hocon;
using MuxActors.Service.Hosting;

namespace MuxActors.Service.Tests;

/// <summary>
/// The <c>akka</c> block of our configuration file, and the facts behind keeping our own HOCON parser
/// (docs/configuration.md): what Akka's built-in parser does with the features our files use.
/// </summary>
public sealed class AkkaBlockTests
{
    [Fact]
    public void The_akka_block_is_resolved_by_our_parser_and_handed_to_akka_as_plain_hocon()
    {
        var root = HoconConfig.FromString("""
            threads = 3
            akka.actor.default-dispatcher.throughput = ${threads}
            akka.loglevel = DEBUG
            """, "t.conf");
        var (hocon, errors) = AkkaBlock.Read(root);
        Assert.Empty(errors);
        var akka = ConfigurationFactory.ParseString(hocon!);
        Assert.Equal(3, akka.GetInt("akka.actor.default-dispatcher.throughput"));
        Assert.Equal("DEBUG", akka.GetString("akka.loglevel"));
    }

    [Fact]
    public void A_bad_akka_block_is_reported_with_its_position()
    {
        var (hocon, errors) = AkkaBlock.Read(HoconConfig.FromString("x = 1\nakka.loglevel = LOUD\n", "t.conf"));
        Assert.Null(hocon);
        var error = Assert.Single(errors).ToString();
        Assert.StartsWith("t.conf:2:", error, StringComparison.Ordinal);
        Assert.Contains("akka.loglevel", error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_file_without_an_akka_block_gives_none() =>
        Assert.Null(AkkaBlock.Read(HoconConfig.FromString("muxactors {}", "t.conf")).Hocon);

    [Fact]
    public void Akka_parser_facts_behind_our_own_parser()
    {
        // Plus-equals and optional substitutions of unset variables: what Akka 1.5.75 makes of them.
        var appended = ConfigurationFactory.ParseString("a = [1]\na += 2");
        Assert.Equal([1], appended.GetIntList("a")); // "+=" is dropped without a word (the spec appends: [1, 2])
        var optional = ConfigurationFactory.ParseString("a = 1\na = ${?MUXACTORS_SURELY_UNSET_VARIABLE}");
        Assert.Null(optional.GetString("a")); // the spec keeps the earlier value, 1; Akka's parser loses it
        // A file cut off in the middle is taken without an error (our parser names the line and column).
        var truncated = ConfigurationFactory.ParseString("a {\n b = [1,\n");
        Assert.NotNull(truncated);
        Assert.Throws<HoconException>(() => HoconConfig.FromString("a {\n b = [1,\n", "t.conf"));
    }
}
