namespace MuxActors.Hocon.Tests;

public sealed class HoconConfigTests
{
    private static readonly HoconConfig Config = HoconConfig.FromString("""
        mux {
          port = 2323
          big = 5000000000
          ratio = 0.75
          name = "console"
          enabled = yes
          verbose = off
          strict = true
          timeout = 1.5s
          poll = 250
          buffer = 64KiB
          raw-bytes = 4096
          level = info
          mode = round-robin
          tags = [a, b, 3, true]
          nothing = null
          "dotted.key" = 1
          serial { baud = 115200, parity = nonee }
          bad-int = 12abc
          bad-duration = 5 sec
          bad-size = 10 KB
        }
        """, "mux.conf", Options.NoEnvironment());

    private enum Mode
    {
        Broadcast,
        RoundRobin,
    }

    [Fact]
    public void Typed_getters_read_values()
    {
        Assert.Equal(2323, Config.GetInt32("mux.port"));
        Assert.Equal(5_000_000_000L, Config.GetInt64("mux.big"));
        Assert.Equal(0.75, Config.GetDouble("mux.ratio"));
        Assert.Equal("console", Config.GetString("mux.name"));
        Assert.Equal("2323", Config.GetString("mux.port"));
        Assert.True(Config.GetBoolean("mux.enabled"));
        Assert.False(Config.GetBoolean("mux.verbose"));
        Assert.True(Config.GetBoolean("mux.strict"));
        Assert.Equal(TimeSpan.FromMilliseconds(1500), Config.GetDuration("mux.timeout"));
        Assert.Equal(TimeSpan.FromMilliseconds(250), Config.GetDuration("mux.poll"));
        Assert.Equal(65536, Config.GetBytes("mux.buffer"));
        Assert.Equal(4096, Config.GetBytes("mux.raw-bytes"));
        Assert.Equal("info", Config.GetOneOf("mux.level", "debug", "info", "warn"));
        Assert.Equal(Mode.RoundRobin, Config.GetEnum<Mode>("mux.mode"));
        Assert.Equal(["a", "b", "3", "true"], Config.GetStringList("mux.tags"));
        Assert.Equal(1, Config.GetInt32("mux.\"dotted.key\""));
        Assert.Equal(115200, Config.GetConfig("mux.serial").GetInt32("baud"));
    }

    [Fact]
    public void Presence_and_defaults()
    {
        Assert.True(Config.HasPath("mux.port"));
        Assert.False(Config.HasPath("mux.nothing"));
        Assert.True(Config.HasPathOrNull("mux.nothing"));
        Assert.False(Config.HasPath("mux.absent"));
        Assert.False(Config.HasPath("mux.port.deeper"));
        Assert.Null(Config.GetValue("nope"));
        Assert.Equal(7, Config.GetInt32("mux.absent", 7));
        Assert.Equal("d", Config.GetString("mux.nothing", "d"));
        Assert.Equal(TimeSpan.FromSeconds(3), Config.GetDuration("mux.absent", TimeSpan.FromSeconds(3)));
        Assert.Equal(12, Config.GetBytes("mux.absent", 12));
        Assert.True(Config.GetBoolean("mux.absent", true));
        Assert.True(Config.TryGetValue("mux.port", out var v) && v is HoconScalar);
        Assert.False(Config.TryGetValue("mux.nothing", out _));
    }

    [Fact]
    public void Wrong_type_names_the_path_the_position_and_what_was_expected()
    {
        var e = Assert.Throws<HoconException>(() => Config.GetInt32("mux.bad-int"));
        Assert.Equal(new HoconOrigin("mux.conf", 19, 13), e.Origin);
        Assert.Equal("mux.bad-int", e.Path);
        Assert.StartsWith("mux.conf:19:13: key 'mux.bad-int' must be a whole number", e.Message, StringComparison.Ordinal);
        Assert.Contains("\"12abc\"", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Bad_enum_like_value_lists_the_allowed_values()
    {
        var e = Assert.Throws<HoconException>(() => Config.GetOneOf("mux.serial.parity", "none", "even", "odd"));
        Assert.Equal(new HoconOrigin("mux.conf", 18, 36), e.Origin);
        Assert.Equal("mux.serial.parity", e.Path);
        Assert.Contains("'nonee' is not an allowed value; allowed values: none, even, odd", e.Message, StringComparison.Ordinal);

        var e2 = Assert.Throws<HoconException>(() => Config.GetEnum<Mode>("mux.level"));
        Assert.Contains("allowed values: Broadcast, RoundRobin", e2.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Bad_units_name_the_unit_and_list_the_allowed_ones()
    {
        var d = Assert.Throws<HoconException>(() => Config.GetDuration("mux.bad-duration"));
        Assert.Equal(new HoconOrigin("mux.conf", 20, 18), d.Origin);
        Assert.Contains("unknown unit 'sec'", d.Message, StringComparison.Ordinal);
        Assert.Contains("milliseconds", d.Message, StringComparison.Ordinal);

        var s = Assert.Throws<HoconException>(() => Config.GetBytes("mux.bad-size"));
        Assert.Equal(new HoconOrigin("mux.conf", 21, 14), s.Origin);
        Assert.Contains("unknown unit 'KB'", s.Message, StringComparison.Ordinal);
        Assert.Contains("KiB", s.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Missing_null_and_structural_mismatches()
    {
        var missing = Assert.Throws<HoconException>(() => Config.GetString("mux.serial.stop-bits"));
        Assert.Contains("missing key 'mux.serial.stop-bits'", missing.Message, StringComparison.Ordinal);
        Assert.Equal(18, missing.Origin!.Line);

        var isNull = Assert.Throws<HoconException>(() => Config.GetInt32("mux.nothing"));
        Assert.Contains("is null", isNull.Message, StringComparison.Ordinal);

        var notObject = Assert.Throws<HoconException>(() => Config.GetConfig("mux.port"));
        Assert.Contains("must be an object, but it is a number", notObject.Message, StringComparison.Ordinal);

        var notScalar = Assert.Throws<HoconException>(() => Config.GetString("mux.serial"));
        Assert.Contains("must be a string, but it is an object", notScalar.Message, StringComparison.Ordinal);

        var notArray = Assert.Throws<HoconException>(() => Config.GetStringList("mux.name"));
        Assert.Contains("must be an array", notArray.Message, StringComparison.Ordinal);

        var range = Assert.Throws<HoconException>(() => Config.GetInt32("mux.big"));
        Assert.Contains("between -2147483648 and 2147483647", range.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Sub_configs_report_full_paths()
    {
        var serial = Config.GetConfig("mux.serial");
        Assert.Equal("mux.serial", serial.PathPrefix);
        var e = Assert.Throws<HoconException>(() => serial.GetInt32("parity"));
        Assert.Equal("mux.serial.parity", e.Path);
    }

    [Fact]
    public void Malformed_paths_are_rejected()
    {
        Assert.Throws<HoconException>(() => Config.GetValue("a..b"));
        Assert.Throws<HoconException>(() => Config.GetValue(""));
        Assert.Equal(["a", "b.c", "d"], HoconPath.Parse("a.\"b.c\".d"));
        Assert.Equal("a.\"b.c\".\"\"", HoconPath.Render(["a", "b.c", ""]));
    }
}
