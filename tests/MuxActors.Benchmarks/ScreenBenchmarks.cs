using System.Text;
using BenchmarkDotNet.Attributes;
using MuxActors.Terminal;

namespace MuxActors.Benchmarks;

/// <summary>
/// The screen model's parse rate: what every byte of console output costs a <c>vc</c> or <c>web</c> backend, whose
/// port is lossless. One operation feeds 1 MiB in 4 KiB chunks (a pty read's size) to an 80×24 screen with 1000 lines of
/// scrollback: plain text as <c>cat</c> of a text file shows it through a pty, coloured text as <c>ls --color</c>
/// or a compiler's output, and UTF-8 text with box drawing.
/// </summary>
[MemoryDiagnoser]
public class ScreenBenchmarks
{
    private const int Bytes = 1 << 20;
    private const int Chunk = 4096;
    private byte[] _data = [];
    private Screen _screen = null!;

    /// <summary>What the console prints.</summary>
    [Params("plain", "coloured", "utf8")]
    public string Text { get; set; } = "plain";

    [GlobalSetup]
    public void Setup()
    {
        var line = Text switch
        {
            "plain" => "The quick brown fox jumps over the lazy dog; pack my box with five dozen jugs.",
            "coloured" => "\e[01;34mdirectory\e[0m  \e[01;32mprogram.sh\e[0m  plain.txt  \e[01;31marchive.tar.gz\e[0m  \e[38;5;208mx\e[0m",
            _ => "│ naïve café ─ Grüße ─ 東京 ─ ┌──┐ │ résumé │ └──┘ ░▒▓ █ λ → ✓",
        };
        var text = new StringBuilder();
        while (text.Length < Bytes)
            text.Append(line).Append("\r\n");
        _data = Encoding.UTF8.GetBytes(text.ToString())[..Bytes];
        _screen = new Screen(80, 24, 1000);
    }

    [Benchmark]
    public int FeedOneMiB()
    {
        for (var offset = 0; offset < _data.Length; offset += Chunk)
            _screen.Feed(_data.AsSpan(offset, Math.Min(Chunk, _data.Length - offset)));
        return _screen.CursorRow;
    }
}
