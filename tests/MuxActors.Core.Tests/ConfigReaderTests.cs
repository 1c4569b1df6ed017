using MuxActors.Core.Chardevs;
using MuxActors.Core.Config;
using MuxActors.Core.Output;
using MuxActors.Hocon;

namespace MuxActors.Core.Tests;

public sealed class ConfigReaderTests
{
    private static readonly ChardevRegistry Registry = new([new ProbeKind(), new ProbeKind(type: "sink", frontend: false), new StrictKind()]);

    /// <summary>A kind that declares its keys, so unknown ones are reported.</summary>
    private sealed class StrictKind : IChardevKind
    {
        public string Type => "strict";
        public bool CanBeFrontend => false;
        public bool CanBeBackend => true;
        public IReadOnlyCollection<string> OptionKeys { get; } = ["speed"];
        public IReadOnlyList<string> Validate(ChardevSpec spec, Protocol.PortRole role) => [];
        public Akka.Actor.Props CreateProps(ChardevSpec spec, Protocol.PortContext context) => throw new NotSupportedException();
    }

    private static ServiceConfig Read(string hocon) =>
        new ServiceConfigReader(Registry).Read(HoconConfig.FromString(hocon, "test.conf", new HoconParseOptions { Environment = _ => null }));

    private static IReadOnlyList<ConfigError> Errors(string hocon)
    {
        var (config, errors) = new ServiceConfigReader(Registry).TryRead(
            HoconConfig.FromString(hocon, "test.conf", new HoconParseOptions { Environment = _ => null }));
        Assert.Null(config);
        Assert.NotEmpty(errors);
        return errors;
    }

    [Fact]
    public void Inline_mux_is_read_with_layered_settings()
    {
        var config = Read("""
            muxactors {
              defaults { output { high-water = 1MiB, on-overflow = drop }, restart.min-backoff = 1s }
              muxes.vm1 {
                type = mux-be
                frontend { type = probe }
                backends {
                  telnet { type = probe, replay = 16KiB, on-overflow = disconnect, stall-timeout = 2s }
                  log    { type = sink }
                }
                output { low-water = 100KiB, mark-drops = on }
                notify = on
              }
            }
            """);
        var mux = Assert.Single(config.Muxes);
        Assert.Equal("vm1", mux.Name);
        Assert.Equal(ServiceConfigReader.InlineFrontendId, mux.Frontend.Id);
        Assert.Equal(["telnet", "log"], mux.Backends.Select(b => b.Id));
        Assert.Equal(1024 * 1024, mux.Settings.Output.HighWater);     // from defaults
        Assert.Equal(100 * 1024, mux.Settings.Output.LowWater);       // from the mux
        Assert.Equal(TimeSpan.FromSeconds(1), mux.Settings.Restart.MinBackoff);
        Assert.True(mux.Settings.Notify);
        var telnet = mux.Backend("telnet")!;
        Assert.Equal(new SinkOptions(OverflowPolicy.Disconnect, 16 * 1024, MarkDrops: true, TimeSpan.FromSeconds(2)), telnet.Sink);
        Assert.Equal(OverflowPolicy.Drop, mux.Backend("log")!.Sink.Policy); // the defaults' policy
        Assert.Equal(7, telnet.Origin!.Line);
    }

    [Fact]
    public void Named_chardevs_join_a_mux_by_list_and_by_mux_be_id()
    {
        var config = Read("""
            muxactors.chardevs {
              vm1-console { type = probe }
              mux0  { type = mux-be, frontend = vm1-console, backends = [log0] }
              sock0 { type = probe, mux-be-id = mux0 }
              log0  { type = sink }
            }
            """);
        var mux = Assert.Single(config.Muxes);
        Assert.Equal("mux0", mux.Name);
        Assert.Equal("vm1-console", mux.Frontend.Id);
        Assert.Equal(["log0", "sock0"], mux.Backends.Select(b => b.Id));
    }

    [Fact]
    public void Empty_configuration_has_no_muxes() => Assert.Empty(Read("a = 1").Muxes);

    [Theory]
    [InlineData("muxactors.muxes.vm1 { backends { a { type = probe } } }", "mux 'vm1': no frontend defined", 1)]
    [InlineData("muxactors.muxes.vm1 { frontend { type = probe } }", "mux 'vm1': 'backends' is not defined", 1)]
    [InlineData("muxactors.chardevs { c { type = probe }\n m { type = mux-be, frontend = c, backends = [x] } }", "mux 'm': chardev can't be found by id 'x'", 2)]
    [InlineData("muxactors.chardevs { c { type = probe }\n d { type = probe }\n s { type = probe }\n m1 { type = mux-be, frontend = c, backends = [s] }\n m2 { type = mux-be, frontend = d, backends = [s] } }", "chardev 's' is already in use by mux 'm1'", 5)]
    [InlineData("muxactors.chardevs { c { type = probe }\n s { type = probe }\n m { type = mux-be, frontend = c, backends = [s, s] } }", "chardev 's' is already in use by mux 'm' (listed twice)", 3)]
    [InlineData("muxactors.chardevs { c { type = probe }\n d { type = probe }\n s { type = probe }\n m1 { type = mux-be, frontend = c, backends = [s] }\n m2 { type = mux-be, frontend = d, backends = [m1] } }", "muxes can't be stacked: chardev 'm1' used by mux 'm2' is itself a mux", 5)]
    [InlineData("muxactors.muxes.vm1 { max-backends = 2, frontend { type = probe }\n backends { a { type = probe }, b { type = probe }, c { type = probe } } }", "too many backends for mux 'vm1' (maximum is 2)", 2)]
    [InlineData("muxactors.muxes.vm1 { frontend { type = probe }\n backends {\n a { type = probe, path = x }\n b { type = probe, path = x } } }", "chardev 'b' (mux 'vm1') and chardev 'a' can't both use path:x", 4)]
    [InlineData("muxactors.muxes.vm1 { frontend { type = probe }\n backends { a { type = foo } } }", "chardev 'a': unknown type 'foo' (known types: probe, sink, strict)", 2)]
    [InlineData("muxactors.muxes.vm1 {\n frontend { type = sink }\n backends { a { type = probe } } }", "chardev 'frontend' of type 'sink' can't be a frontend", 2)]
    [InlineData("muxactors.muxes.vm1 { frontend { type = probe }\n backends { a { type = probe\n on-overflow = sometimes } } }", "'sometimes' is not an allowed value; allowed values: Block, Drop, Disconnect", 3)]
    [InlineData("muxactors.chardevs { s { type = probe, mux-be-id = nope } }", "chardev 's': mux-be-id 'nope' can't be found", 1)]
    [InlineData("muxactors.muxes.vm1 { type = mux-x, frontend { type = probe }, backends { a { type = probe } } }", "mux 'vm1': type must be mux-be or mux-fe (was 'mux-x')", 1)]
    [InlineData("muxactors.muxes.vm1 { frontend { type = probe }, backends { a { type = probe } }\n output { high-water = 10KiB, low-water = 20KiB } }", "low-water (20480) must be at least 0 and below high-water (10240)", 1)]
    [InlineData("muxactors.muxes.vm1 { frontend { type = probe }, backends {\n a { type = probe, replay = 12 parsecs } } }", "replay", 2)]
    [InlineData("muxactors.muxes.vm1 { frontend { type = probe }, backends {\n frontend { type = probe } } }", "chardev 'frontend' is already in use by mux 'vm1'", 2)]
    [InlineData("muxactors.muxes.vm1 { frontend { type = probe }, backends { a { type = probe } }\n outptu { high-water = 1MiB } }", "mux 'vm1': unknown key 'outptu'; did you mean 'output'?", 2)]
    [InlineData("muxactors.muxes.vm1 { frontend { type = probe }, backends { a { type = probe } }\n output { hihg-water = 1MiB } }", "mux 'vm1' output: unknown key 'hihg-water'; did you mean 'high-water'?", 2)]
    [InlineData("muxactors {\n defaults { notifi = on } }", "defaults: unknown key 'notifi'; did you mean 'notify'?", 2)]
    [InlineData("muxactors.muxes.vm1 { frontend { type = probe }, backends {\n a { type = strict, colour = red } } }", "chardev 'a' (strict): unknown key 'colour' (known keys:", 2)]
    public void Invalid_configurations_are_reported_with_position(string hocon, string message, int line)
    {
        var error = Assert.Single(Errors(hocon), e => e.Message.Contains(message, StringComparison.Ordinal) || e.ToString().Contains(message, StringComparison.Ordinal));
        Assert.NotNull(error.Origin);
        Assert.Equal("test.conf", error.Origin!.File);
        Assert.Equal(line, error.Origin.Line);
        Assert.StartsWith($"test.conf:{line}:", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Every_error_is_reported_not_just_the_first()
    {
        var errors = Errors("""
            muxactors.muxes {
              a { backends { x { type = probe } } }
              b { frontend { type = probe } }
              c { frontend { type = nope }, backends { x { type = probe } } }
            }
            """);
        Assert.Equal(3, errors.Count);
        Assert.Equal([2, 3, 4], errors.Select(e => e.Origin!.Line).Order());
    }

    [Fact]
    public void Read_throws_a_config_exception_listing_every_error()
    {
        var ex = Assert.Throws<ConfigException>(() => Read("muxactors.muxes.a { }\nmuxactors.muxes.b { }"));
        Assert.Equal(2, ex.Errors.Count);
        Assert.Contains("mux 'a'", ex.Message, StringComparison.Ordinal);
        Assert.Contains("mux 'b'", ex.Message, StringComparison.Ordinal);
    }
}
