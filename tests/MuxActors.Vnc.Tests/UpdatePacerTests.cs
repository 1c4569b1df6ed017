using MuxActors.Vnc.Rfb;

namespace MuxActors.Vnc.Tests;

public sealed class UpdatePacerTests
{
    [Fact]
    public void A_flood_of_costly_updates_is_paced_to_the_cpu_share_and_a_quiet_spell_clears_the_debt()
    {
        var time = new ManualTime();
        var pacer = new UpdatePacer(new RfbOptions { Time = time, UpdateCpuShare = 0.25 });
        Assert.Equal(TimeSpan.Zero, pacer.Wait());
        void Update(int costMs)
        {
            long start = pacer.Start();
            time.Advance(costMs);
            pacer.Written(start, viewers: 16);
        }

        // A whole screen after a quiet spell (4 ms with 16 viewers owes 256 ms, within the burst): only the
        // minimum interval applies, so a keystroke's echo right after it is not held back.
        Update(4);
        Assert.Equal(TimeSpan.FromMilliseconds(15), pacer.Wait());

        // A flood of whole screens: the waits grow until 16 viewers × 4 ms take a quarter of the time (256 ms apart).
        for (int i = 0; i < 10; i++)
        {
            time.Advance(Math.Max(0, (int)pacer.Wait().TotalMilliseconds));
            Update(4);
        }
        Assert.InRange(pacer.Wait().TotalMilliseconds, 240, 260);

        // A second of quiet pays the debt back: the next update goes at once.
        time.Advance(1000);
        Assert.True(pacer.Wait() <= TimeSpan.Zero);
    }

    [Fact]
    public void Without_a_share_only_the_minimum_interval_applies()
    {
        var time = new ManualTime();
        var pacer = new UpdatePacer(new RfbOptions { Time = time, UpdateCpuShare = 0 });
        for (int i = 0; i < 10; i++)
        {
            long start = pacer.Start();
            time.Advance(50);
            pacer.Written(start, viewers: 16);
            Assert.Equal(TimeSpan.FromMilliseconds(15), pacer.Wait());
        }
    }

    [Fact]
    public void While_output_floods_cheap_updates_are_a_flood_interval_apart_and_an_echo_is_not()
    {
        var time = new ManualTime();
        var pacer = new UpdatePacer(new RfbOptions { Time = time });
        long start = pacer.Start();
        pacer.Written(start, viewers: 16);   // an update that cost nothing measurable
        Assert.Equal(TimeSpan.FromMilliseconds(100), pacer.Wait(flooding: true));
        Assert.Equal(TimeSpan.FromMilliseconds(15), pacer.Wait(flooding: false));
        time.Advance(100);
        Assert.True(pacer.Wait(flooding: true) <= TimeSpan.Zero);
    }

    /// <summary>A clock that moves only when told, in milliseconds.</summary>
    private sealed class ManualTime : TimeProvider
    {
        private long _now = 1;

        public override long TimestampFrequency => 1000;

        public override long GetTimestamp() => _now;

        public void Advance(int ms) => _now += ms;
    }
}
