using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace MuxActors.Hocon.Tests;

public sealed class ConfigurationProviderTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    public sealed class SerialOptions
    {
        [Range(50, 4_000_000)]
        public int Baud { get; set; }

        public string Device { get; set; } = string.Empty;

        public bool Echo { get; set; }

        public List<string> Tags { get; set; } = [];

        public Dictionary<string, int> Limits { get; set; } = [];
    }

    [Fact]
    public void Flattens_to_colon_keys()
    {
        var config = new ConfigurationBuilder()
            .AddHoconString("""
                a { b = 1, c = [x, { d = true }], e = null, f = {}, g = [] }
                h = ${a.b}
                """, parseOptions: Options.NoEnvironment())
            .Build();
        Assert.Equal("1", config["a:b"]);
        Assert.Equal("x", config["a:c:0"]);
        Assert.Equal("true", config["a:c:1:d"]);
        Assert.Null(config["a:e"]);
        Assert.Equal("1", config["h"]);
        Assert.True(config.GetSection("a:f").Exists() || config.GetSection("a").GetChildren().Any(c => c.Key == "f"));
        Assert.Contains(config.GetSection("a").GetChildren(), c => c.Key == "g");
    }

    [Fact]
    public void Binds_options_and_validates_them()
    {
        var path = _dir.Write("mux.conf", """
            serial {
              baud = 115200
              device = /dev/ttyS0
              echo = true
              tags = [ console, debug ]
              limits { lines = 100, bytes = 4096 }
            }
            bad { baud = 10 }
            """);
        var configuration = new ConfigurationBuilder().AddHoconFile(path, optional: false).Build();
        var services = new ServiceCollection();
        services.AddOptions<SerialOptions>("good").Bind(configuration.GetSection("serial")).ValidateDataAnnotations();
        services.AddOptions<SerialOptions>("bad").Bind(configuration.GetSection("bad")).ValidateDataAnnotations();
        using var provider = services.BuildServiceProvider();
        var monitor = provider.GetRequiredService<IOptionsMonitor<SerialOptions>>();

        var good = monitor.Get("good");
        Assert.Equal(115200, good.Baud);
        Assert.Equal("/dev/ttyS0", good.Device);
        Assert.True(good.Echo);
        Assert.Equal(["console", "debug"], good.Tags);
        Assert.Equal(4096, good.Limits["bytes"]);

        var e = Assert.Throws<OptionsValidationException>(() => monitor.Get("bad"));
        Assert.Contains("Baud", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void File_provider_exposes_the_tree_and_includes_relative_to_the_file()
    {
        _dir.Write("conf/base.conf", "x = 1");
        var path = _dir.Write("conf/main.conf", "include \"base.conf\"\ny = ${x}\nz = 3");
        var configuration = new ConfigurationBuilder().AddHoconFile(path).Build();
        Assert.Equal("1", configuration["y"]);
        var provider = Assert.Single(configuration.Providers.OfType<HoconFileConfigurationProvider>());
        Assert.Equal(new HoconOrigin(path, 3, 5), provider.Root!["z"].Origin);

        // A substituted value keeps the origin of the value it copies.
        Assert.Equal(Path.Combine(_dir.Path, "conf", "base.conf"), provider.Root["y"].Origin.File);
    }

    [Fact]
    public void Relative_paths_use_the_builder_base_path()
    {
        _dir.Write("rel.conf", "k = v");
        var configuration = new ConfigurationBuilder().SetBasePath(_dir.Path).AddHoconFile("rel.conf").Build();
        Assert.Equal("v", configuration["k"]);
    }

    [Fact]
    public void Optional_missing_file_is_fine_and_required_missing_file_throws()
    {
        var ok = new ConfigurationBuilder().AddHoconFile(Path.Combine(_dir.Path, "none.conf"), optional: true).Build();
        Assert.Empty(ok.AsEnumerable());
        Assert.Throws<FileNotFoundException>(() => new ConfigurationBuilder().AddHoconFile(Path.Combine(_dir.Path, "none.conf")).Build());
    }

    [Fact]
    public void Parse_errors_point_at_the_file()
    {
        var path = _dir.Write("broken.conf", "a {\n  b = \"unterminated\n}");
        var e = Assert.Throws<InvalidDataException>(() => new ConfigurationBuilder().AddHoconFile(path).Build());
        var inner = Assert.IsType<HoconException>(e.InnerException);
        Assert.Equal(new HoconOrigin(path, 2, 7), inner.Origin);
        Assert.StartsWith(path + ":2:7: unterminated quoted string", inner.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void String_provider_throws_hocon_exceptions_directly()
    {
        var e = Assert.Throws<HoconException>(() => new ConfigurationBuilder().AddHoconString("a = ${b}", "inline").Build());
        Assert.StartsWith("inline:1:5: ", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Reload_on_change_picks_up_edits()
    {
        var path = _dir.Write("live.conf", "v = 1");
        var configuration = new ConfigurationBuilder().AddHoconFile(path, optional: false, reloadOnChange: true).Build();
        Assert.Equal("1", configuration["v"]);
        using var changed = new ManualResetEventSlim();
        using var registration = Microsoft.Extensions.Primitives.ChangeToken.OnChange(configuration.GetReloadToken, changed.Set);
        File.WriteAllText(path, "v = 2");
        Assert.True(changed.Wait(TimeSpan.FromSeconds(10)), "no reload within 10 s");
        Assert.True(SpinWait.SpinUntil(() => configuration["v"] == "2", TimeSpan.FromSeconds(5)));
    }
}
