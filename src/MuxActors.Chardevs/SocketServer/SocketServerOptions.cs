using MuxActors.Chardevs.Common;
using MuxActors.Hocon;

namespace MuxActors.Chardevs.Sockets;

/// <summary>Options shared by the listening chardevs (unix-server, tcp-server).</summary>
/// <param name="MaxClients">Clients served at once (<c>max-clients</c>); one more is told so and closed.</param>
/// <param name="SendBufferSize">Kernel send buffer of each client socket (<c>send-buffer</c>), or <c>null</c> for the system default.</param>
/// <param name="Backlog">Pending connections the kernel queues before they are accepted.</param>
internal sealed record SocketServerOptions(int MaxClients, int? SendBufferSize, int Backlog)
{
    public const int DefaultMaxClients = 64;

    public static SocketServerOptions Read(HoconConfig options)
    {
        var maxClients = options.GetInt32("max-clients", DefaultMaxClients);
        if (maxClients < 1)
            throw ChardevOptions.Error(options, "max-clients", $"must be at least 1 (was {maxClients})");
        int? sendBuffer = null;
        if (options.HasPath("send-buffer"))
        {
            var bytes = options.GetBytes("send-buffer");
            if (bytes is < 1 or > int.MaxValue)
                throw ChardevOptions.Error(options, "send-buffer", $"must be between 1 byte and 2GiB (was {bytes})");
            sendBuffer = (int)bytes;
        }
        // Enough for a burst of reconnecting clients; refusals beyond max-clients happen after accept.
        return new SocketServerOptions(maxClients, sendBuffer, Backlog: Math.Clamp(maxClients, 16, 512));
    }
}
