using MuxActors.Chardevs.Common;
using MuxActors.Core.Chardevs;
using MuxActors.Hocon;

namespace MuxActors.Chardevs.Sockets;

/// <summary>The options of a <c>unix-server</c> chardev.</summary>
/// <param name="Path">Absolute path of the socket file.</param>
/// <param name="Mode">Permissions of the socket file (<c>mode</c>, default 0600: only the service's user may connect).</param>
/// <param name="Server">Options shared with the TCP server.</param>
internal sealed record UnixServerOptions(string Path, UnixFileMode Mode, SocketServerOptions Server)
{
    public const UnixFileMode DefaultMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    public static UnixServerOptions Read(ChardevSpec spec)
    {
        var options = spec.Options;
        return new UnixServerOptions(UnixSocketPath.Read(options, "path"), ReadMode(options), SocketServerOptions.Read(options));
    }

    private static UnixFileMode ReadMode(HoconConfig options)
    {
        if (!options.HasPath("mode"))
            return DefaultMode;
        var text = options.GetString("mode").Trim();
        var digits = text.Length is 3 or 4 && text.All(c => c is >= '0' and <= '7') ? text : null;
        if (digits is null)
            throw ChardevOptions.Error(options, "mode", $"'{text}' is not an octal file mode such as \"0600\" or \"0660\"");
        var mode = Convert.ToInt32(digits, 8);
        if (mode > 0x1FF)
            throw ChardevOptions.Error(options, "mode", $"'{text}' sets special bits; only permission bits (at most 0777) apply to a socket");
        return (UnixFileMode)mode;
    }
}
