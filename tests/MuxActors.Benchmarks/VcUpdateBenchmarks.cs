using System.Text;
using BenchmarkDotNet.Attributes;
using MuxActors.Terminal;
using MuxActors.Vnc.Fonts;
using MuxActors.Vnc.Rendering;
using MuxActors.Vnc.Rfb;

namespace MuxActors.Benchmarks;

/// <summary>
/// What one VNC viewer's update costs while output floods, all of it redrawn: a new screen of text (24 lines) parsed,
/// drawn into the framebuffer, copied out and ZRLE-encoded for a viewer that takes the server's own xRGB pixels.
/// <c>NewTextEveryCell</c> changes every cell (worst case); <c>NumberedLines</c> prints the lines of
/// the vc benchmark's 50 MiB file (<c>run-vnc-benchmark.sh</c>), where only the line numbers differ from the screen
/// before, so only those cells are redrawn and sent. Needs the PSF font (Debian: console-setup-linux).
/// </summary>
[MemoryDiagnoser]
public class VcUpdateBenchmarks
{
    private readonly byte[][] _screens = new byte[2][];
    private readonly WireWriter _wire = new();
    private Screen _screen = null!;
    private ScreenRenderer _renderer = null!;
    private ZrleEncoder _zrle = null!;
    private uint[] _pixels = [];
    private int _next;

    /// <summary>What the screens hold.</summary>
    [Params("NewTextEveryCell", "NumberedLines")]
    public string Text { get; set; } = "NumberedLines";

    [GlobalSetup]
    public void Setup()
    {
        for (int s = 0; s < 2; s++)
        {
            var text = new StringBuilder();
            for (int i = 0; i < 24; i++)
            {
                text.Append(Text == "NumberedLines"
                    ? $"{(s * 24) + i:D8} the quick brown fox jumps over the lazy dog 0123456789 ABCDEFGHIJKL"
                    : string.Concat(Enumerable.Range(0, 76).Select(c => (char)('!' + (((c * 7) + i + (s * 13)) % 90)))));
                text.Append("\r\n");
            }
            _screens[s] = Encoding.ASCII.GetBytes(text.ToString());
        }
        _screen = new Screen(80, 24, 0);
        _renderer = new ScreenRenderer(_screen, FontLocator.Load(null));
        _zrle = new ZrleEncoder();
        _pixels = new uint[_renderer.Framebuffer.Pixels.Length];
        for (int i = 0; i < 4; i++)
            DrawAndEncode();
    }

    [GlobalCleanup]
    public void Cleanup() => _zrle.Dispose();

    /// <summary>Parse a screen, draw what changed, copy the changed spans out and encode them.</summary>
    [Benchmark]
    public int DrawAndEncode()
    {
        _screen.Feed(_screens[_next ^= 1]);
        FrameDamage damage = _renderer.Render();
        Framebuffer frame = _renderer.Framebuffer;
        _wire.Clear();
        int cw = _renderer.CellWidth, ch = _renderer.CellHeight;
        for (int i = 0; i < damage.Spans.Count;)
        {
            // Consecutive rows with the same span make one rectangle, as the server sends them.
            CellSpan first = damage.Spans[i];
            int rows = 1;
            while (i + rows < damage.Spans.Count && damage.Spans[i + rows] == first with { Row = first.Row + rows })
                rows++;
            i += rows;
            var rect = new PixelRect(first.Start * cw, first.Row * ch, (first.End - first.Start) * cw, rows * ch);
            Span<uint> pixels = _pixels.AsSpan(0, rect.Area);
            frame.CopyOut(rect, pixels);
            _zrle.Encode(_wire, PixelFormat.Server, pixels, rect.Width, rect.Height);
        }
        return _wire.Count;
    }
}
