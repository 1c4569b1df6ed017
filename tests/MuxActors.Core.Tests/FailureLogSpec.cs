using Akka.Event;
using Xunit.Abstractions;

namespace MuxActors.Core.Tests;

/// <summary>
/// A chardev's failure is logged as one line naming it and saying when it is retried; a device's or the system's
/// failure (an IOException) without a stack trace, which only hides the message; anything else (a bug) with one.
/// </summary>
public sealed class FailureLogSpec(ITestOutputHelper output) : ProbedMuxSpec(output)
{
    [Theory]
    [InlineData("fail-io", "Chardev a: the device went away; restarting in ", false)]
    [InlineData("fail", "Chardev a: port a failed; restarting in ", true)]
    public async Task A_failure_is_one_line_with_a_stack_trace_only_for_a_bug(string failure, string line, bool stackTrace)
    {
        await StartMux("t", "a { type = probe }", "", "a");
        var errors = CreateTestProbe();
        Sys.EventStream.Subscribe(errors.Ref, typeof(Error));

        Emit("a", failure);
        var error = await errors.FishForMessageAsync<Error>(e => e.Message.ToString()!.StartsWith("Chardev a:", StringComparison.Ordinal));
        Assert.StartsWith(line, error.Message.ToString(), StringComparison.Ordinal);
        Assert.Equal(stackTrace, error.Cause is not null);
    }
}
