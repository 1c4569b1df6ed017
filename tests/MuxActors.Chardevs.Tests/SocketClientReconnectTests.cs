using System.Globalization;
using System.Text.RegularExpressions;
using Akka.Actor;
using MuxActors.Chardevs.Tests.Harness;
using MuxActors.Core.Mux;
using MuxActors.TestSupport;

namespace MuxActors.Chardevs.Tests;

/// <summary>
/// The frontend connects to the VM's console socket and survives VM restarts: the port closes, reconnects with
/// backoff and opens again, while the clients stay attached (and, with notify = on, are told).
/// </summary>
public sealed partial class SocketClientReconnectTests
{
    [Fact]
    public async Task A_unix_client_console_reconnects_after_the_vm_restarts_and_clients_hear_about_it()
    {
        await using var mux = MuxHarness.Create();
        await using var vm = FakeVm.ListenUnix(mux.PathOf("vm.sock"));
        await RestartScenarioAsync(mux, vm, "type = unix-client, path = vm.sock");
    }

    [Fact]
    public async Task A_tcp_client_console_reconnects_after_the_vm_restarts_and_clients_hear_about_it()
    {
        await using var mux = MuxHarness.Create();
        await using var vm = FakeVm.ListenTcp();
        await RestartScenarioAsync(mux, vm, $"type = tcp-client, connect = \"127.0.0.1:{vm.Port}\"");
    }

    [Fact]
    public async Task Failed_connection_attempts_back_off_exponentially_up_to_reconnect_max()
    {
        await using var mux = MuxHarness.Create(virtualTime: true);
        mux.Start("""
            muxactors.muxes.m {
              frontend { type = unix-client, path = vm.sock, reconnect = 1s, reconnect-max = 4s }
              backends { sink { type = null } }
            }
            """);
        // Nobody listens yet: each attempt fails at once and the next is scheduled 1 s, 2 s, 4 s, 4 s later (+ up to 20% jitter).
        var retry = 0;
        foreach (var seconds in new[] { 1, 2, 4, 4 })
        {
            var delay = await NextRetryAsync(mux, retry++, seconds);
            mux.Scheduler.Advance(delay);
        }
        await mux.Logs.WaitForAsync("can't connect to unix:" + mux.PathOf("vm.sock"));

        // The VM comes up while the fifth retry is pending: that attempt connects and the console opens.
        var last = await NextRetryAsync(mux, retry, 4);
        await using var vm = FakeVm.ListenUnix(mux.PathOf("vm.sock"));
        mux.Scheduler.Advance(last);
        await vm.AcceptAsync();
        await mux.ConsoleUpAsync();
        await mux.Logs.WaitForAsync("connected to unix:", "after 5 failed attempts");
    }

    /// <summary>
    /// Waits until the frontend has logged its retry number <paramref name="retry"/> (from 0), checks its delay is
    /// <paramref name="seconds"/> s plus at most 20%, and waits until the frontend has finished handling that failure
    /// (so its reconnect timer is set and advancing time by the delay fires it).
    /// </summary>
    private static async Task<TimeSpan> NextRetryAsync(MuxHarness mux, int retry, int seconds)
    {
        var (low, high) = (TimeSpan.FromSeconds(seconds), TimeSpan.FromSeconds(seconds * 1.2));
        try
        {
            await Deadline.UntilAsync(() => RetryDelays(mux).Count > retry, $"retry #{retry + 1} is logged");
        }
        catch (WaitFailedException ex)
        {
            throw new WaitFailedException($"{ex.Message} Lines:\n{string.Join("\n", mux.Logs.Lines)}");
        }
        var delay = RetryDelays(mux)[retry];
        Assert.InRange(delay, low, high);
        delay += TimeSpan.FromMilliseconds(1); // the log shows whole milliseconds, rounded down
        // The frontend logs the delay, then starts its timer, in the same message: once it answers an Identify sent
        // after the log line, the timer is set.
        var frontend = mux.System.ActorSelection(mux.Mux.Path / "frontend");
        var identity = await frontend.Ask<ActorIdentity>(new Identify(retry)).WaitAsync(Deadline.Default);
        Assert.NotNull(identity.Subject);
        return delay;
    }

    /// <summary>The delays of the reconnect timers the frontend logged so far, in order.</summary>
    private static List<TimeSpan> RetryDelays(MuxHarness mux) =>
        mux.Logs.Lines.Select(line => RetryLog().Match(line)).Where(m => m.Success)
            .Select(m => TimeSpan.FromMilliseconds(long.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture))).ToList();

    [GeneratedRegex(@"Chardev frontend: can't connect to .*; retrying in (\d+) ms")]
    private static partial Regex RetryLog();

    private static async Task RestartScenarioAsync(MuxHarness mux, FakeVm vm, string frontend)
    {
        mux.Start($$"""
            muxactors.muxes.vm1 {
              frontend { {{frontend}}, reconnect = 50ms, reconnect-max = 200ms }
              backends { local { type = unix-server, path = local.sock } }
              notify = on
            }
            """);
        var console = await vm.AcceptAsync();
        await mux.ConsoleUpAsync();
        await using var client = await mux.ConnectUnixAsync("local");

        await console.SendAsync("before\r\n");
        Assert.Equal("before\r\n", await client.ReceiveUntilAsync("before\r\n"));

        // The VM goes away (the guest is restarted)...
        await vm.ShutDownAsync();
        Assert.Equal("\r\n[muxactors: console 'vm1' disconnected]\r\n", await client.ReceiveUntilAsync("disconnected]\r\n"));
        await mux.AwaitStatusAsync(s => !s.FrontendOpen, "the console is down");

        // ...and comes back: the same client, still attached, hears about it and gets the new output.
        vm.Restart();
        var newConsole = await vm.AcceptAsync();
        Assert.Equal("\r\n[muxactors: console 'vm1' connected]\r\n", await client.ReceiveUntilAsync("connected]\r\n"));
        await newConsole.SendAsync("after\r\n");
        Assert.Equal("after\r\n", await client.ReceiveUntilAsync("after\r\n"));
        var attached = mux.Events.Of<PortAttached>().Where(e => e.ChardevId == "local").ToList();
        Assert.Single(attached);
        Assert.Empty(mux.Events.Of<PortDetached>());
        Assert.Equal(2, mux.Events.Of<FrontendChanged>().Count(e => e.Up));

        // Input flows to the new connection too.
        await client.SendAsync("typed");
        Assert.Equal("typed", await newConsole.ReceiveTextAsync(5));
    }
}
