using System.Text;
using MuxActors.Chardevs.Common;
using MuxActors.Hocon;

namespace MuxActors.Chardevs.Sockets;

/// <summary>Reads the path of a unix socket option (used by unix-server and unix-client).</summary>
internal static class UnixSocketPath
{
    /// <summary>sun_path holds 108 bytes including the terminating NUL.</summary>
    public const int MaxBytes = 107;

    /// <summary>The absolute path at <paramref name="key"/>; throws naming the key when it is too long for a socket address.</summary>
    public static string Read(HoconConfig options, string key)
    {
        var path = ChardevOptions.ResolvePath(options, key);
        var length = Encoding.UTF8.GetByteCount(path);
        return length <= MaxBytes
            ? path
            : throw ChardevOptions.Error(options, key, $"'{path}' is {length} bytes long; a unix socket path can have at most {MaxBytes}");
    }
}
