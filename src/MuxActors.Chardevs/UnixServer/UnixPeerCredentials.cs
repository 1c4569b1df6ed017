using System.Globalization;
using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace MuxActors.Chardevs.Sockets;

/// <summary>Describes the process on the other end of a unix socket from its SO_PEERCRED credentials.</summary>
internal static class UnixPeerCredentials
{
    private const int SolSocket = 1, SoPeerCred = 17; // Linux values; struct ucred { pid_t pid; uid_t uid; gid_t gid; }

    /// <summary><c>unix:pid=1234,uid=0</c>, or <c>unix</c> when the kernel does not say.</summary>
    public static string Describe(Socket client)
    {
        Span<byte> credentials = stackalloc byte[12];
        try
        {
            if (client.GetRawSocketOption(SolSocket, SoPeerCred, credentials) < 12)
                return "unix";
        }
        catch (SocketException)
        {
            return "unix";
        }
        var pid = MemoryMarshal.Read<int>(credentials);
        var uid = MemoryMarshal.Read<uint>(credentials[4..]);
        return string.Create(CultureInfo.InvariantCulture, $"unix:pid={pid},uid={uid}");
    }
}
