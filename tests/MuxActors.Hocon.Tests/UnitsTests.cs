namespace MuxActors.Hocon.Tests;

public sealed class UnitsTests
{
    [Theory]
    [InlineData("500ms", 500 * TimeSpan.TicksPerMillisecond)]
    [InlineData("1s", TimeSpan.TicksPerSecond)]
    [InlineData("2 minutes", 2 * TimeSpan.TicksPerMinute)]
    [InlineData("  1.5 h ", 90 * TimeSpan.TicksPerMinute)]
    [InlineData("250", 250 * TimeSpan.TicksPerMillisecond)]
    [InlineData("100ns", 1)]
    [InlineData("3 us", 30)]
    [InlineData("1d", TimeSpan.TicksPerDay)]
    [InlineData("-2s", -2 * TimeSpan.TicksPerSecond)]
    [InlineData("1e3ms", TimeSpan.TicksPerSecond)]
    public void Durations(string text, long ticks) => Assert.Equal(ticks, HoconDuration.Parse(text).Ticks);

    [Theory]
    [InlineData("ns")]
    [InlineData("nano")]
    [InlineData("nanos")]
    [InlineData("nanosecond")]
    [InlineData("nanoseconds")]
    [InlineData("us")]
    [InlineData("micro")]
    [InlineData("micros")]
    [InlineData("microsecond")]
    [InlineData("microseconds")]
    [InlineData("ms")]
    [InlineData("milli")]
    [InlineData("millis")]
    [InlineData("millisecond")]
    [InlineData("milliseconds")]
    [InlineData("s")]
    [InlineData("second")]
    [InlineData("seconds")]
    [InlineData("m")]
    [InlineData("minute")]
    [InlineData("minutes")]
    [InlineData("h")]
    [InlineData("hour")]
    [InlineData("hours")]
    [InlineData("d")]
    [InlineData("day")]
    [InlineData("days")]
    public void Every_spec_duration_unit_is_accepted(string unit) => Assert.True(HoconDuration.TryParse("1" + unit, out _));

    [Theory]
    [InlineData("5 sec")]
    [InlineData("5S")]
    [InlineData("5 Minutes")]
    [InlineData("five seconds")]
    [InlineData("")]
    [InlineData("ms")]
    public void Bad_durations_list_the_allowed_units(string text)
    {
        var e = Assert.Throws<FormatException>(() => HoconDuration.Parse(text));
        Assert.Contains("ns, nano, nanos", e.Message, StringComparison.Ordinal);
        Assert.Contains("days", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("64KiB", 65536)]
    [InlineData("1MB", 1_000_000)]
    [InlineData("1 MiB", 1_048_576)]
    [InlineData("512K", 524_288)]
    [InlineData("512k", 524_288)]
    [InlineData("2 Gi", 2_147_483_648)]
    [InlineData("1.5 kB", 1500)]
    [InlineData("1.5KiB", 1536)]
    [InlineData("10", 10)]
    [InlineData("3 bytes", 3)]
    [InlineData("1 b", 1)]
    [InlineData("7 mebibytes", 7_340_032)]
    [InlineData("1 terabyte", 1_000_000_000_000)]
    [InlineData("7 EiB", 8_070_450_532_247_928_832)]
    [InlineData("0 YB", 0)]
    public void Sizes(string text, long bytes) => Assert.Equal(bytes, HoconSize.Parse(text));

    [Theory]
    [InlineData("B")]
    [InlineData("byte")]
    [InlineData("kB")]
    [InlineData("kilobytes")]
    [InlineData("GB")]
    [InlineData("gigabyte")]
    [InlineData("PB")]
    [InlineData("petabytes")]
    [InlineData("K")]
    [InlineData("Ki")]
    [InlineData("KiB")]
    [InlineData("kibibytes")]
    [InlineData("t")]
    [InlineData("Ti")]
    [InlineData("TiB")]
    [InlineData("tebibyte")]
    [InlineData("P")]
    [InlineData("PiB")]
    [InlineData("E")]
    [InlineData("e")]
    [InlineData("exbibyte")]
    public void Spec_size_units_are_accepted(string unit) => Assert.True(HoconSize.TryParse("1" + unit, out _));

    [Theory]
    [InlineData("1 KB")]
    [InlineData("1 kb")]
    [InlineData("1 mb")]
    [InlineData("1 kiB")]
    [InlineData("1 bits")]
    [InlineData("-1 KiB")]
    [InlineData("8 EiB")]
    [InlineData("1 ZB")]
    [InlineData("x")]
    public void Bad_sizes_are_rejected_with_the_unit_list_or_the_reason(string text)
    {
        var e = Assert.Throws<FormatException>(() => HoconSize.Parse(text));
        Assert.Contains(text, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Unknown_size_unit_message_lists_allowed_units()
    {
        var e = Assert.Throws<FormatException>(() => HoconSize.Parse("4 KB"));
        Assert.Contains("unknown unit 'KB'", e.Message, StringComparison.Ordinal);
        Assert.Contains("KiB", e.Message, StringComparison.Ordinal);
        Assert.Contains("yobibyte", e.Message, StringComparison.Ordinal);
    }
}
