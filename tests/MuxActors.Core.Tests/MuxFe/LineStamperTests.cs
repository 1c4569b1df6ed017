using System.Text;
using MuxActors.Core.MuxFe;
using MuxActors.TestSupport;

namespace MuxActors.Core.Tests.MuxFe;

/// <summary>Ctrl-A t: <c>[HH:MM:SS.mmm] </c> at line starts, the time since the first stamped line, on a manual clock.</summary>
public sealed class LineStamperTests
{
    private readonly ManualTimeProvider _time = new();

    private string Stamp(LineStamper stamper, string text) => Encoding.ASCII.GetString(stamper.Stamp(Encoding.ASCII.GetBytes(text)).Span);

    [Fact]
    public void Off_passes_the_same_memory()
    {
        var stamper = new LineStamper(_time);
        var data = "a\nb\n"u8.ToArray();
        Assert.True(stamper.Stamp(data).Span == data.AsSpan());
    }

    [Fact]
    public void On_stamps_each_line_start_with_the_time_since_the_first_stamp()
    {
        var stamper = new LineStamper(_time);
        stamper.Set(true);
        Assert.Equal("[00:00:00.000] boot\r\n[00:00:00.000] login: ", Stamp(stamper, "boot\r\nlogin: "));
        _time.Advance(TimeSpan.FromMilliseconds(1500));
        Assert.Equal("root\r\n", Stamp(stamper, "root\r\n")); // the line had begun: no stamp inside it
        _time.Advance(TimeSpan.FromHours(1) + TimeSpan.FromMinutes(2) + TimeSpan.FromMilliseconds(7));
        Assert.Equal("[01:02:01.507] #", Stamp(stamper, "#"));
    }

    [Fact]
    public void Turning_it_off_and_on_starts_the_time_again()
    {
        var stamper = new LineStamper(_time);
        stamper.Set(true);
        _ = Stamp(stamper, "a\n");
        _time.Advance(TimeSpan.FromSeconds(5));
        stamper.Set(false);
        Assert.Equal("b\nc", Stamp(stamper, "b\nc"));
        stamper.Set(true);
        Assert.Equal("\n[00:00:00.000] d", Stamp(stamper, "\nd"));
    }
}
