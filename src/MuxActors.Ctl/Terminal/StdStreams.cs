using System.Text;
using Microsoft.Win32.SafeHandles;

namespace MuxActors.Ctl.Terminal;

/// <summary>
/// Standard input, output and error as plain file descriptors. System.Console is never used: on first use it
/// initialises terminal handling of its own (and may write control sequences), which would fight raw mode.
/// </summary>
internal static class StdStreams
{
    private static readonly Lazy<Stream> s_input = new(() => Open(0, FileAccess.Read));
    private static readonly Lazy<Stream> s_output = new(() => new FdWriteStream(1));
    private static readonly Lazy<TextWriter> s_out = new(() => Writer(s_output.Value));
    private static readonly Lazy<TextWriter> s_error = new(() => Writer(new FdWriteStream(2)));

    /// <summary>Raw standard input.</summary>
    public static Stream Input => s_input.Value;

    /// <summary>Raw standard output (console bytes go here unchanged).</summary>
    public static Stream Output => s_output.Value;

    /// <summary>Text on standard output.</summary>
    public static TextWriter Out => s_out.Value;

    /// <summary>Text on standard error (messages, the attach banner).</summary>
    public static TextWriter Error => s_error.Value;

    private static FileStream Open(int fd, FileAccess access) => new(new SafeFileHandle(fd, ownsHandle: false), access, bufferSize: 0);


    private static StreamWriter Writer(Stream stream) =>
        new(stream, new UTF8Encoding(false), 4096, leaveOpen: true) { AutoFlush = true, NewLine = "\n" };
}
