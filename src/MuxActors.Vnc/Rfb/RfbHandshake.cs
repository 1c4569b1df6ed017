using System.Buffers.Binary;
using System.Text;

namespace MuxActors.Vnc.Rfb;

/// <summary>
/// The RFB handshake (RFC 6143 §7.1–7.3) on the server side: versions 3.3, 3.7 and 3.8 (3.4–3.6 are spoken as 3.3,
/// later 3.x as 3.8), security None or VNC authentication, ClientInit and ServerInit.
/// </summary>
internal static class RfbHandshake
{
    private const int SecurityNone = 1, SecurityVncAuth = 2;

    /// <summary>Runs the handshake; returns the minor version agreed, or throws when the viewer is refused or breaks the protocol.</summary>
    /// <param name="stream">The connection.</param>
    /// <param name="options">Security and the desktop name.</param>
    /// <param name="width">Framebuffer width.</param>
    /// <param name="height">Framebuffer height.</param>
    /// <param name="refusal">When not null, the viewer is told this and closed after the version exchange.</param>
    /// <param name="cancellationToken">Ends the handshake.</param>
    public static async Task<int> RunAsync(Stream stream, RfbOptions options, int width, int height, string? refusal, CancellationToken cancellationToken)
    {
        await stream.WriteAsync("RFB 003.008\n"u8.ToArray(), cancellationToken).ConfigureAwait(false);
        var version = new byte[12];
        await stream.ReadExactlyAsync(version, cancellationToken).ConfigureAwait(false);
        int minor = ParseVersion(version);
        int security = options.Auth is null ? SecurityNone : SecurityVncAuth;
        if (refusal is not null)
        {
            await RefuseAsync(stream, minor, refusal, cancellationToken).ConfigureAwait(false);
            throw new RfbRefusedException(refusal);
        }
        if (minor == 3)
            await WriteU32Async(stream, (uint)security, cancellationToken).ConfigureAwait(false);
        else
        {
            await stream.WriteAsync(new byte[] { 1, (byte)security }, cancellationToken).ConfigureAwait(false);
            var chosen = new byte[1];
            await stream.ReadExactlyAsync(chosen, cancellationToken).ConfigureAwait(false);
            if (chosen[0] != security)
            {
                await FailAsync(stream, minor, "security type not offered", cancellationToken).ConfigureAwait(false);
                throw new RfbProtocolException($"chose security type {chosen[0]}, offered {security}");
            }
        }
        if (options.Auth is { } auth)
        {
            byte[] challenge = VncAuth.NewChallenge();
            await stream.WriteAsync(challenge, cancellationToken).ConfigureAwait(false);
            var response = new byte[16];
            await stream.ReadExactlyAsync(response, cancellationToken).ConfigureAwait(false);
            if (!auth.Verify(challenge, response))
            {
                await FailAsync(stream, minor, "authentication failed", cancellationToken).ConfigureAwait(false);
                throw new RfbRefusedException("wrong password");
            }
            await WriteU32Async(stream, 0, cancellationToken).ConfigureAwait(false);
        }
        else if (minor == 8)
            await WriteU32Async(stream, 0, cancellationToken).ConfigureAwait(false);   // 3.8 reports success for None too
        var clientInit = new byte[1];
        await stream.ReadExactlyAsync(clientInit, cancellationToken).ConfigureAwait(false);   // shared or not: always shared
        await stream.WriteAsync(ServerInit(options.DesktopName, width, height), cancellationToken).ConfigureAwait(false);
        return minor;
    }

    internal static int ParseVersion(ReadOnlySpan<byte> version)
    {
        bool shaped = version.Length == 12 && version[..4].SequenceEqual("RFB "u8) && version[7] == '.' && version[11] == '\n'
            && Digits(version[4..7]) && Digits(version[8..11]);
        if (!shaped)
            throw new RfbProtocolException($"bad version string '{Printable(version)}'");
        int major = Number(version[4..7]), minor = Number(version[8..11]);
        if (major != 3 || minor < 3)
            throw new RfbProtocolException($"unsupported RFB version {major}.{minor}");
        return minor switch { < 7 => 3, 7 => 7, _ => 8 };
    }

    private static async Task RefuseAsync(Stream stream, int minor, string reason, CancellationToken cancellationToken)
    {
        var message = new MemoryStream();
        if (minor == 3)
            message.Write([0, 0, 0, 0]);
        else
            message.WriteByte(0);   // no security types: a reason follows
        WriteReason(message, reason);
        await stream.WriteAsync(message.ToArray(), cancellationToken).ConfigureAwait(false);
    }

    private static async Task FailAsync(Stream stream, int minor, string reason, CancellationToken cancellationToken)
    {
        var message = new MemoryStream();
        message.Write([0, 0, 0, 1]);
        if (minor == 8)
            WriteReason(message, reason);
        await stream.WriteAsync(message.ToArray(), cancellationToken).ConfigureAwait(false);
    }

    private static void WriteReason(MemoryStream message, string reason)
    {
        byte[] text = Encoding.UTF8.GetBytes(reason);
        Span<byte> length = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(length, (uint)text.Length);
        message.Write(length);
        message.Write(text);
    }

    private static byte[] ServerInit(string name, int width, int height)
    {
        byte[] text = Encoding.UTF8.GetBytes(name);
        var init = new byte[24 + text.Length];
        BinaryPrimitives.WriteUInt16BigEndian(init, (ushort)width);
        BinaryPrimitives.WriteUInt16BigEndian(init.AsSpan(2), (ushort)height);
        PixelFormat.Server.Write(init.AsSpan(4, 16));
        BinaryPrimitives.WriteUInt32BigEndian(init.AsSpan(20), (uint)text.Length);
        text.CopyTo(init, 24);
        return init;
    }

    private static ValueTask WriteU32Async(Stream stream, uint value, CancellationToken cancellationToken)
    {
        var bytes = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(bytes, value);
        return stream.WriteAsync(bytes, cancellationToken);
    }

    private static bool Digits(ReadOnlySpan<byte> text)
    {
        foreach (byte b in text)
        {
            if (b is < (byte)'0' or > (byte)'9')
                return false;
        }
        return true;
    }

    private static int Number(ReadOnlySpan<byte> digits) => ((digits[0] - '0') * 100) + ((digits[1] - '0') * 10) + (digits[2] - '0');

    private static string Printable(ReadOnlySpan<byte> bytes)
    {
        var text = new StringBuilder();
        foreach (byte b in bytes)
            text.Append(b is >= 0x20 and < 0x7F ? (char)b : '.');
        return text.ToString();
    }
}

/// <summary>A viewer was refused (too many viewers, a wrong password): an expected end, logged without detail.</summary>
public sealed class RfbRefusedException : Exception
{
    /// <summary>Creates the exception.</summary>
    public RfbRefusedException(string message) : base(message) { }

    /// <summary>Creates the exception.</summary>
    public RfbRefusedException() { }

    /// <summary>Creates the exception.</summary>
    public RfbRefusedException(string message, Exception inner) : base(message, inner) { }
}
