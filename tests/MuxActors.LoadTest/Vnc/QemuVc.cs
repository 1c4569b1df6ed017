using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace MuxActors.LoadTest.Vnc;

/// <summary>
/// QEMU's own <c>vc</c> over its VNC server, for comparison: no guest (<c>-machine none</c>), the vc's only user is
/// QEMU's human monitor, whose readline echoes what is typed at its <c>(qemu)</c> prompt (and erases it on BackSpace).
/// </summary>
internal sealed class QemuVc : IAsyncDisposable
{
    private ChildProcess? _process;

    public IPEndPoint EndPoint { get; private init; } = new(IPAddress.Loopback, 0);

    public string Version { get; private init; } = "";

    public static string? Binary => Peers.Which("qemu-system-x86_64");

    public static string CommandLine(int display) =>
        $"qemu-system-x86_64 -machine none -nodefaults -display none -chardev vc,id=c0,cols=80,rows=24 -mon chardev=c0,mode=readline -vnc 127.0.0.1:{display}";

    public static async Task<QemuVc> StartAsync(string binary)
    {
        int port = FreeVncPort();
        var args = CommandLine(port - 5900).Split(' ')[1..];
        var qemu = new QemuVc
        {
            EndPoint = new IPEndPoint(IPAddress.Loopback, port),
            Version = Peers.Run(binary, ["--version"]).Output.Split('\n')[0].Trim(),
        };
        qemu._process = ChildProcess.Start("qemu", binary, args);
        // Ready when its VNC port takes connections; a probe connection is closed at once.
        long deadline = Clock.Now + (30 * Stopwatch.Frequency);
        while (true)
        {
            if (qemu._process.HasExited)
                throw new InvalidOperationException("qemu exited: " + await qemu._process.EndReportAsync());
            using var probe = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            try
            {
                await probe.ConnectAsync(qemu.EndPoint);
                break;
            }
            catch (SocketException) when (Clock.Now < deadline)
            {
                await Task.Delay(50); // wait-ok: QEMU is starting; bounded by the deadline
            }
        }
        return qemu;
    }

    // QEMU takes a display number (port 5900 + N): the first free one from 5990 down.
    private static int FreeVncPort()
    {
        for (int port = 5990; port > 5900; port--)
        {
            try
            {
                using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                socket.Bind(new IPEndPoint(IPAddress.Loopback, port));
                return port;
            }
            catch (SocketException)
            {
            }
        }
        throw new InvalidOperationException("no free port between 5901 and 5990 for QEMU's VNC display");
    }

    public override string ToString() => Version + " (pid " + (_process?.Pid.ToString(CultureInfo.InvariantCulture) ?? "?") + ")";

    public ValueTask DisposeAsync() => _process?.DisposeAsync() ?? ValueTask.CompletedTask;
}
