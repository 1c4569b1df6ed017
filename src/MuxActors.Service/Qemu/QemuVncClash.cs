using System.Globalization;
using MuxActors.Core.Config.Qemu;

namespace MuxActors.Service.Qemu;

/// <summary>
/// QEMU showed a <c>vc</c> on its own <c>-vnc</c> display; after the conversion MuxActors serves the vc while QEMU keeps
/// its <c>-vnc</c>, and both would listen on one port. The converter says so in the printed configuration.
/// </summary>
internal static class QemuVncClash
{
    private const int VncBasePort = 5900;

    /// <summary>A comment line for each kept vc whose port is the one QEMU's <c>-vnc</c> takes.</summary>
    public static string Notes(IReadOnlyList<string> arguments, IEnumerable<QemuOptions> members)
    {
        if (QemuVncPort(arguments) is not { } qemuPort)
            return "";
        var notes = "";
        foreach (var vc in members.Where(m => m.Backend == "vc" && VcPort(m) == qemuPort))
        {
            notes += $"  # note: QEMU's -vnc listens on port {qemuPort} too, where vc '{vc.Id}' listens: "
                + $"give the vc another port (listen=127.0.0.1:{qemuPort + 1}) or take -vnc out of the QEMU arguments\n";
        }
        return notes;
    }

    /// <summary>The port of <c>-vnc [HOST]:DISPLAY[,...]</c> (5900 + DISPLAY), or null for none or a unix socket.</summary>
    private static int? QemuVncPort(IReadOnlyList<string> arguments)
    {
        for (var i = 0; i + 1 < arguments.Count; i++)
        {
            if (arguments[i] is not ("-vnc" or "--vnc"))
                continue;
            var address = arguments[i + 1].Split(',')[0];
            var colon = address.LastIndexOf(':');
            if (colon >= 0 && !address.StartsWith("unix:", StringComparison.Ordinal)
                && int.TryParse(address[(colon + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var display))
                return VncBasePort + display;
        }
        return null;
    }

    /// <summary>The vc's port: <c>listen=HOST:PORT</c> (our extension) or the vc kind's default 5900.</summary>
    private static int? VcPort(QemuOptions vc)
    {
        if (vc.Get("listen") is not { } listen)
            return VncBasePort;
        var colon = listen.LastIndexOf(':');
        return colon >= 0 && int.TryParse(listen[(colon + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var port) ? port : null;
    }
}
