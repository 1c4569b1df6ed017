using System.Net;
using MuxActors.Chardevs.Tests.Harness;
using MuxActors.TestSupport;
using MuxActors.Vnc.Fonts;

namespace MuxActors.Chardevs.Tests.Vc;

/// <summary>
/// The vc backend with real viewers: a shell console shared by a unix socket and a VNC console; what the shell prints
/// is read back from the viewers' captures cell by cell (the font's glyphs matched), and what a viewer types reaches it.
/// </summary>
public sealed class VcViewerTests
{
    private const string RedLine = "printf '\\033[1;31mRED\\033[0m tok%s\\n' 4242";

    [VcFact("gvnccapture", "vncsnapshot")]
    public async Task Gvnccapture_and_vncsnapshot_read_the_coloured_line_and_the_cursor_below_it()
    {
        await using var rig = await VcRig.StartAsync();
        // clear, print, then wait in read: the cursor stays at the start of the next row.
        await rig.Shell.SendAsync($"clear; {RedLine}; read x\n");
        await rig.Shell.ReceiveUntilAsync("tok4242\r\n");

        var png = await rig.CaptureUntilAsync(p => p.TextOf(0) == "RED tok4242", "the gvnccapture picture shows the line",
            file => ViewerTools.GvncCaptureAsync(rig.Port, file), "png");
        for (int col = 0; col < 3; col++)
            Assert.Equal(0xFF0000u, png.ForegroundOf(0, col));    // bold red drawn bright red
        Assert.Equal(0xE5E5E5u, png.ForegroundOf(0, 4));          // "tok" in the default colour
        Assert.True(png.IsSolid(1, 0), "the cursor is a block at the start of the next row");
        Assert.Equal("", png.TextOf(2));

        var jpg = await rig.CaptureUntilAsync(p => p.TextOf(0) == "RED tok4242", "the vncsnapshot picture shows the line",
            async file => (await ViewerTools.VncSnapshotAsync(rig.Port, file)).ExitCode == 0 ? file : throw new WaitFailedException("vncsnapshot failed"), "jpg");
        uint red = jpg.ForegroundOf(0, 1)!.Value;
        Assert.True(red >> 16 > 0xE0 && ((red >> 8) & 0xFF) < 0x40 && (red & 0xFF) < 0x40, $"RED is bright red in the JPEG (was {red:X6})");
        Assert.True(jpg.IsSolid(1, 0), "the cursor is on the next row in the JPEG too");
        Assert.Contains(rig.Mux.Logs.Lines, l => l.Contains("connected (RFB 3.3", StringComparison.Ordinal));
    }

    [VcFact]
    public async Task The_vc_is_the_muxs_answerer_and_a_position_question_gets_its_answer()
    {
        await using var rig = await VcRig.StartAsync();
        // Raw mode so the 6-byte answer is read at once; od shows it as hex on the socket client.
        await rig.Shell.SendAsync("clear; stty raw -echo; printf '\\033[6n'; head -c 6 | od -An -tx1; stty sane\n");
        await rig.Shell.ReceiveUntilAsync("1b 5b 31 3b 31 52", TimeSpan.FromSeconds(20));   // ESC [ 1 ; 1 R
    }

    [VcFact("vncsnapshot")]
    public async Task Vnc_authentication_lets_the_right_password_in_and_refuses_a_wrong_one()
    {
        await using var rig = await VcRig.StartAsync("password = \"pa55word\"");
        string right = rig.Mux.PathOf("right.passwd"), wrong = rig.Mux.PathOf("wrong.passwd");
        ViewerTools.WritePasswordFile(right, "pa55word");
        ViewerTools.WritePasswordFile(wrong, "guess");

        var refused = await ViewerTools.VncSnapshotAsync(rig.Port, rig.Mux.PathOf("no.jpg"), "-passwd", wrong);
        Assert.NotEqual(0, refused.ExitCode);
        Assert.False(File.Exists(rig.Mux.PathOf("no.jpg")));
        await rig.Mux.Logs.WaitForAsync("refused: wrong password");

        var admitted = await ViewerTools.VncSnapshotAsync(rig.Port, rig.Mux.PathOf("yes.jpg"), "-passwd", right);
        Assert.True(admitted.ExitCode == 0, admitted.Output);
        Assert.True(File.Exists(rig.Mux.PathOf("yes.jpg")));
        Assert.DoesNotContain(rig.Mux.Logs.Lines, l => l.Contains("pa55word", StringComparison.Ordinal));
    }

    [VcFact("gvnccapture", "less")]
    public async Task Less_pages_down_with_space_and_scrolls_a_line_with_j()
    {
        await using var rig = await VcRig.StartAsync();
        File.WriteAllLines(rig.Mux.PathOf("numbers.txt"), Enumerable.Range(1, 200).Select(n => n.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        await rig.Shell.SendAsync($"cd '{rig.Mux.PathOf("")}' && less numbers.txt\n");
        await rig.CaptureUntilAsync(p => p.TextOf(0) == "1" && p.TextOf(22) == "23", "less shows the first page",
            file => ViewerTools.GvncCaptureAsync(rig.Port, file), "png");

        await rig.Shell.SendAsync(" ");
        await rig.CaptureUntilAsync(p => p.TextOf(0) == "24" && p.TextOf(22) == "46", "Space pages down to line 24",
            file => ViewerTools.GvncCaptureAsync(rig.Port, file), "png");

        // A viewer that stays connected follows by increments: the one-line scroll comes as a CopyRect.
        await using var live = await Vnc.Tests.TestRfbClient.ConnectAsync(new IPEndPoint(IPAddress.Loopback, rig.Port));
        await live.HandshakeAsync();
        await live.SetEncodingsAsync(16, 1);   // ZRLE, CopyRect
        await live.RequestAsync(incremental: false);
        await live.ReadUpdateAsync();
        int before = live.RectEncodings.Count;
        await rig.Shell.SendAsync("j");
        var scrolled = await rig.CaptureUntilAsync(p => p.TextOf(0) == "25" && p.TextOf(22) == "47", "j scrolls one line",
            file => ViewerTools.GvncCaptureAsync(rig.Port, file), "png");
        await Deadline.UntilAsync(async () =>
        {
            await live.RequestAsync(incremental: true);
            await live.ReadUpdateAsync();
            return live.Pixels.AsSpan().SequenceEqual(scrolled.Pixels);
        }, "the live viewer's picture equals the capture");
        Assert.Contains(1, live.RectEncodings.Skip(before));
        await rig.Shell.SendAsync("q");
    }

    [VcFact("Xvfb", "xtigervncviewer", "xdotool")]
    public async Task Keys_typed_in_tigervnc_under_xvfb_reach_the_console()
    {
        await using var rig = await VcRig.StartAsync();
        await using var viewer = await TigerVncOnXvfb.StartAsync(rig.Port);
        await rig.Mux.Logs.WaitForAsync("connected (RFB 3.8");
        await viewer.TypeAsync("echo $((6*7))x");
        await viewer.KeyAsync("Return");
        await rig.Shell.ReceiveUntilAsync("42x", TimeSpan.FromSeconds(20));
    }

    /// <summary>A shell console with a unix socket client and a vc on a port the system chose.</summary>
    private sealed class VcRig : IAsyncDisposable
    {
        private int _captures;

        private VcRig(MuxHarness mux, SocketPeer shell, int port, PsfFont font) => (Mux, Shell, Port, Font) = (mux, shell, port, font);

        public MuxHarness Mux { get; }
        public SocketPeer Shell { get; }
        public int Port { get; }
        public PsfFont Font { get; }

        public static async Task<VcRig> StartAsync(string vcOptions = "")
        {
            var mux = MuxHarness.Create();
            try
            {
                mux.Start($$"""
                    muxactors.muxes.m {
                      frontend { type = exec, command = ["/bin/sh"], rows = 24, cols = 80, env { TERM = linux, PS1 = "$ ", LESS = "", LESSHISTFILE = "-" } }
                      backends {
                        sock { type = unix-server, path = s.sock }
                        vc0 { type = vc, listen = "127.0.0.1:0", {{vcOptions}} }
                      }
                    }
                    """);
                await mux.ConsoleUpAsync();   // input sent before the console is up is discarded
                IPEndPoint vnc = await mux.TcpEndPointAsync("vc0");
                await mux.AttachedAsync("vc0");
                var shell = await mux.ConnectUnixAsync("sock");
                return new VcRig(mux, shell, vnc.Port, FontLocator.Load(null));
            }
            catch
            {
                await mux.DisposeAsync();
                throw;
            }
        }

        /// <summary>Captures until the picture satisfies <paramref name="ready"/> (the vc may draw a moment after the socket read).</summary>
        public async Task<ScreenPicture> CaptureUntilAsync(Func<ScreenPicture, bool> ready, string what, Func<string, Task<string>> capture, string extension)
        {
            ScreenPicture? last = null;
            using var deadline = Deadline.After(TimeSpan.FromSeconds(30));
            while (!deadline.IsCancellationRequested)
            {
                string file = await capture(Mux.PathOf($"capture{++_captures}.{extension}"));
                last = ScreenPicture.Load(file, Font);
                if (ready(last))
                    return last;
            }
            throw new WaitFailedException($"Timed out until {what}; the last capture read: {(last is null ? "nothing" : string.Join(" | ", Enumerable.Range(0, 24).Select(last.TextOf)))}");
        }

        public async ValueTask DisposeAsync()
        {
            await Shell.DisposeAsync();
            await Mux.DisposeAsync();
        }
    }
}
