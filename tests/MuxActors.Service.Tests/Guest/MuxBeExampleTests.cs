using System.Diagnostics;
using System.Text;
using MuxActors.Chardevs.Tests.Vc;
using Xunit.Abstractions;

namespace MuxActors.Service.Tests.Guest;

/// <summary>
/// The issue's picture, run from <c>config/qemu-vnc.conf</c> as shipped (included, with only its paths and the vc's
/// port overridden) and the QEMU arguments its comment gives: a real guest whose hvc0 is the mux's console, the real
/// <c>socat</c> on the unix socket and a real VNC viewer (xtigervncviewer under Xvfb, typed into with xdotool) on the
/// vc. What either types runs in the guest's shell, and the answer reaches both: socat prints it, and the vc's screen
/// (captured by gvnccapture, its cells decoded by the font's glyphs) shows it. One boot for both directions.
/// </summary>
[Collection(QemuGuestCollection.Name)]
public sealed class MuxBeExampleTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const string ExampleConsoleSocket = "/tmp/muxactors-mux0.sock";
    private static readonly TimeSpan BootTimeout = TestTimeouts.Dilated(TimeSpan.FromSeconds(120));
    private static readonly TimeSpan AnswerTimeout = TestTimeouts.Dilated(TimeSpan.FromSeconds(30));
    private static readonly string Example = Path.Combine(ExampleConfigTests.RepoRoot(), "config", "qemu-vnc.conf");
    private readonly string _dir = Directory.CreateTempSubdirectory("muxactors-example-").FullName;

    [QemuGuestFact("socat", "gvnccapture", "Xvfb", "xtigervncviewer", "xdotool")]
    public async Task Socat_and_a_vnc_viewer_both_type_into_the_guest_on_hvc0_and_both_see_the_answers()
    {
        var clock = Stopwatch.StartNew();
        string consoleSocket = Path.Combine(_dir, "muxactors-mux0.sock"), socket = Path.Combine(_dir, "sock");
        string config = Path.Combine(_dir, "vm.conf");
        await File.WriteAllTextAsync(config, $$"""
            include required(file("{{Example}}"))
            # The example as shipped, on the test's own paths and ports the system picks.
            muxactors.chardevs {
              mux0-console.path = "{{consoleSocket}}"
              sock0.path = "{{socket}}"
              vc0.listen = "127.0.0.1:0"
              vc0.web = "127.0.0.1:0"
            }
            """);
        string[] qemuLine =
        [
            .. GuestKernel.Machine(await GuestInitramfs.BuildAsync(_dir), "hvc0"),
            .. ExampleQemuArguments().Select(a => a.Replace(ExampleConsoleSocket, consoleSocket, StringComparison.Ordinal)),
        ];

        await using var service = ServiceProcess.Start(_dir, null, "--config", config);
        await service.WaitForLineAsync("MuxActors ready: 1 mux");
        var vc = await GuestVc.FindAsync(service, _dir);
        // Ready means the sockets are bound: socat tries once (before that was so, it came 100 ms late on one busy core).
        await using var socat = SocatClient.Connect(socket);
        await service.WaitForLineAsync("Mux mux0: sock0 attached");
        // The viewer connects while the guest boots.
        await using var viewer = await TigerVncOnXvfb.StartAsync(vc.Port);
        await using (var qemu = GuestProcess.Start(qemuLine))
        {
            try
            {
                await service.WaitForLineAsync("Mux mux0: console mux0-console connected", BootTimeout);
                await socat.WaitUntilAsync(GuestInitramfs.ShowsPrompt, "the guest's shell prompt", BootTimeout);
                await service.WaitForLineAsync(@"vc vc0: viewer \S+ connected \(RFB 3\.8");
                output.WriteLine($"guest ready after {clock.Elapsed.TotalSeconds:F1} s");

                // The shell echoes the command as typed, so only its output holds the computed number.
                await socat.TypeAsync("echo from-socat-$((6*7))\n");
                await socat.WaitUntilAsync(r => r.Contains("from-socat-42", StringComparison.Ordinal), "from-socat-42 from the guest", AnswerTimeout);
                await vc.CaptureUntilRowAsync("from-socat-42");
                output.WriteLine($"socat's command answered on both after {clock.Elapsed.TotalSeconds:F1} s");

                await viewer.TypeAsync("echo from-vnc-$((7*8))");
                await viewer.KeyAsync("Return");
                await socat.WaitUntilAsync(r => r.Contains("from-vnc-56", StringComparison.Ordinal), "from-vnc-56 from the guest", AnswerTimeout);
                var screen = await vc.CaptureUntilRowAsync("from-vnc-56");
                output.WriteLine($"the viewer's command answered on both after {clock.Elapsed.TotalSeconds:F1} s");
                Assert.Equal((640, 384), (screen.Width, screen.Height)); // the example's cols = 80, rows = 24
            }
            catch (Exception ex) when (ex is TimeoutException or WaitFailedException)
            {
                throw new TimeoutException($"{ex.Message}\nqemu: {await qemu.StopAsync()}\nservice:\n{service.Output}", ex);
            }
        }
        service.Signal("TERM");
        Assert.Equal(0, await service.WaitForExitAsync());
    }

    /// <summary>
    /// The guest's side of the example as its comment gives it (the QEMU command without mux-be), after
    /// <c>qemu-system-x86_64 ...</c>: the test runs what a reader copies.
    /// </summary>
    private static string[] ExampleQemuArguments()
    {
        var comment = File.ReadLines(Example).TakeWhile(l => l.StartsWith('#')).Select(l => l.TrimStart('#').Trim()).ToList();
        var commands = new List<string>();
        for (int i = 0; i < comment.Count; i++)
        {
            if (!comment[i].StartsWith(GuestKernel.Qemu + " ...", StringComparison.Ordinal))
                continue;
            var command = new StringBuilder();
            for (; i < comment.Count && comment[i].EndsWith('\\'); i++)
                command.Append(comment[i][..^1]).Append(' ');
            commands.Add(command.Append(i < comment.Count ? comment[i] : "").ToString());
        }
        string ours = Assert.Single(commands, c => !c.Contains("mux-be", StringComparison.Ordinal));
        Assert.Contains("-device virtconsole,chardev=mux0", ours, StringComparison.Ordinal);
        Assert.Contains(ExampleConsoleSocket, ours, StringComparison.Ordinal);
        Assert.Contains($"path = \"{ExampleConsoleSocket}\"", File.ReadAllText(Example), StringComparison.Ordinal); // the same socket as mux0-console's
        return ours.Split(' ', StringSplitOptions.RemoveEmptyEntries)[2..];
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync()
    {
        Directory.Delete(_dir, recursive: true);
        return Task.CompletedTask;
    }
}
