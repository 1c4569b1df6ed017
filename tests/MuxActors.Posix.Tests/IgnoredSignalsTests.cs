namespace MuxActors.Posix.Tests;

public sealed class IgnoredSignalsTests
{
    [Theory]
    [InlineData("0000000000000001", 1, true)]   // nohup: SIGHUP ignored
    [InlineData("0000000000001000", 1, false)]
    [InlineData("0000000000001000", 13, true)]  // SIGPIPE, as the runtime sets it
    [InlineData("0000000000000000", 1, false)]
    public void The_SigIgn_mask_says_which_signals_are_ignored(string mask, int signal, bool ignored)
    {
        var status = $"Name:\tmuxactors\nSigBlk:\tffffffffffffffff\nSigIgn:\t{mask}\nSigCgt:\t0000000000000000\n";
        Assert.Equal(ignored, IgnoredSignals.IsIgnored(status, signal));
    }

    [Fact]
    public void This_test_process_has_SIGHUP_as_its_parent_left_it()
    {
        // Read from the real /proc: the answer must match what the kernel shows for this process.
        var status = File.ReadAllText("/proc/self/status");
        Assert.Equal(IgnoredSignals.IsIgnored(status, PosixSignals.SIGHUP), IgnoredSignals.IsIgnored(PosixSignals.SIGHUP));
    }
}
