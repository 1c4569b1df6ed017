using System.Diagnostics;
using System.Text;
using Akka.TestKit.Xunit2;
using MuxActors.Core.Mux;
using MuxActors.Posix;
using Xunit.Abstractions;

namespace MuxActors.Chardevs.Tests.Terminal;

/// <summary>
/// Real third-party programs on the terminal chardevs: tio (a serial terminal, run under a pty of its own as a user
/// would run it) on the pty link, socat on a unix-server backend. Reported as skipped where they are not installed.
/// </summary>
public sealed class TerminalInteropTests : TestKit
{
    private readonly TerminalTempDir _dir = new();
    private readonly TerminalEventLog _events;
    private readonly string _link;
    private readonly string _socket;

    public TerminalInteropTests(ITestOutputHelper output)
        : base(TerminalKit.Config, output)
    {
        _events = TerminalMux.Events(Sys, CreateTestProbe("events"));
        _link = _dir.File("vm1.pty");
        _socket = _dir.File("vm1.sock");
    }

    [TerminalToolFact("tio", "socat")]
    public async Task Tio_on_the_pty_link_and_socat_on_a_unix_socket_see_the_same_console_and_both_type()
    {
        StartShellMux(withSocket: true);
        await TerminalIo.WaitUntilAsync(() => File.Exists(_socket), "the unix socket exists");
        using var socat = StartSocat();
        var atSocat = new TerminalTranscript(socat.StandardOutput.BaseStream);
        await _events.TakeAsync<PortAttached>(e => e.ChardevId == "sock");
        await using var tio = await StartTioAsync();
        var atTio = new TerminalTranscript(tio.Terminal);
        await atTio.WaitForAsync("Connected");

        await TypeAsync(tio.Terminal, "echo from-$((1+1))-tio\r"); // Enter sends CR, as from a keyboard
        await atTio.WaitForAsync(@"from-2-tio\r\n");
        await atSocat.WaitForAsync(@"from-2-tio\r\n");

        await TypeAsync(socat.StandardInput.BaseStream, "echo from-$((2+1))-socat\n");
        await atSocat.WaitForAsync(@"from-3-socat\r\n");
        await atTio.WaitForAsync(@"from-3-socat\r\n");

        // Both saw the same console output: the shell's echo and results, in the same order.
        Assert.Equal(ConsoleLines(atSocat.Text), ConsoleLines(atTio.Text));
        socat.StandardInput.Close();
    }

    [TerminalToolFact("tio")]
    public async Task Tio_can_quit_and_come_back_on_the_same_link()
    {
        StartShellMux(withSocket: false);
        await using (var first = await StartTioAsync())
        {
            var atTio = new TerminalTranscript(first.Terminal);
            await atTio.WaitForAsync("Connected");
            await TypeAsync(first.Terminal, "echo one-$((0+1))\r");
            await atTio.WaitForAsync(@"one-1\r\n");
            await TypeAsync(first.Terminal, "\u0014q"); // ctrl-t q: tio closes the device and exits
            Assert.Equal(0, (await first.Exited.WaitAsync(TerminalIo.Timeout)).ExitCode);
        }
        await _events.TakeAsync<PortDetached>(e => e.ChardevId == "tty");

        await using var second = await StartTioAsync();
        var again = new TerminalTranscript(second.Terminal);
        await again.WaitForAsync("Connected");
        await TypeAsync(second.Terminal, "echo two-$((1+1))\r");
        await again.WaitForAsync(@"two-2\r\n");
    }

    private void StartShellMux(bool withSocket) => TerminalMux.Start(Sys, $$"""
        muxactors.muxes.m1 {
          frontend { type = exec, command = ["/bin/sh"], env { PS1 = "sh> " } }
          backends {
            tty { type = pty, link = {{TerminalMux.Quote(_link)}} }
            {{(withSocket ? $"sock {{ type = unix-server, path = {TerminalMux.Quote(_socket)} }}" : "")}}
          }
        }
        """);

    private async Task<PtyProcess> StartTioAsync()
    {
        await TerminalIo.WaitUntilAsync(() => PublishedSymlink.ReadLink(_link) is not null, "the pty link is published");
        var tio = PtyProcess.Start(new PtyProcessOptions(["tio", _link]) { Environment = new Dictionary<string, string?> { ["TERM"] = "xterm" } });
        await _events.TakeAsync<PortAttached>(e => e.ChardevId == "tty");
        return tio;
    }

    private Process StartSocat()
    {
        var start = new ProcessStartInfo("socat", ["-", $"UNIX-CONNECT:{_socket}"])
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        return Process.Start(start) ?? throw new InvalidOperationException("socat did not start");
    }

    private static async Task TypeAsync(Stream input, string text)
    {
        await input.WriteAsync(Encoding.ASCII.GetBytes(text), TerminalIo.Deadline());
        await input.FlushAsync();
    }

    /// <summary>The console's lines from the first command on (tio adds its own banner before it).</summary>
    private static string ConsoleLines(string transcript)
    {
        var start = transcript.IndexOf("echo from-", StringComparison.Ordinal);
        var end = transcript.LastIndexOf("from-3-socat\r\n", StringComparison.Ordinal) + "from-3-socat\r\n".Length;
        return transcript[start..end];
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing)
            _dir.Dispose();
    }
}
