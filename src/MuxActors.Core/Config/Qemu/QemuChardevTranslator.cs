using System.Globalization;
using System.Text.RegularExpressions;

namespace MuxActors.Core.Config.Qemu;

/// <summary>
/// Translates one QEMU <c>-chardev</c> option string into a <see cref="QemuChardev"/>, checking its keys the way QEMU
/// does and with QEMU's error wording. Links between chardevs (hub members, consoles) are checked by
/// <see cref="QemuChardevSet"/>.
/// </summary>
public static partial class QemuChardevTranslator
{
    /// <summary>The QEMU backends that have a MuxActors counterpart.</summary>
    public static readonly IReadOnlyList<string> Backends =
        ["socket", "pty", "file", "serial", "tty", "ringbuf", "memory", "null", "stdio", "vc", "mux-be", "hub"];

    private static readonly string[] Common = ["id", "logfile", "logappend", "mux", "mux-be-id", "mux-fe-id", "console", "echr", "max-frontends"];

    /// <summary>QEMU chardevs known to QEMU whose MuxActors kind does not exist (yet), and what to say about them.</summary>
    private static readonly Dictionary<string, string> Unavailable = new(StringComparer.Ordinal)
    {
        ["pipe"] = "chardev type 'pipe' is not available: MuxActors has no FIFO chardev kind (use a unix socket, pty or file)",
        ["udp"] = "chardev type 'udp' is not available",
        ["parallel"] = "chardev type 'parallel' is not available",
        ["parport"] = "chardev type 'parport' is not available",
        ["spicevmc"] = "chardev type 'spicevmc' is not available",
        ["spiceport"] = "chardev type 'spiceport' is not available",
        ["qemu-vdagent"] = "chardev type 'qemu-vdagent' is not available",
        ["dbus"] = "chardev type 'dbus' is not available",
        ["braille"] = "chardev type 'braille' is not available",
        ["msmouse"] = "chardev type 'msmouse' is not available",
        ["wctablet"] = "chardev type 'wctablet' is not available",
        ["testdev"] = "chardev type 'testdev' is not available",
    };

    /// <summary>Translates a parsed option string.</summary>
    /// <exception cref="QemuOptionException">The string is not valid, in QEMU's words.</exception>
    public static QemuChardev Translate(QemuOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var backend = options.Backend;
        if (Unavailable.TryGetValue(backend, out var unavailable))
            throw new QemuOptionException(unavailable, "backend");
        if (!Backends.Contains(backend))
            throw new QemuOptionException($"'{backend}' is not a valid char driver name", "backend");
        var id = options.Id;
        if (string.IsNullOrEmpty(id))
            throw new QemuOptionException("Parameter 'id' is missing", "id");
        var isMux = backend is "mux-be" or "hub";
        foreach (var key in options.Keys)
        {
            if (!IsKnown(backend, key))
                throw new QemuOptionException($"Invalid parameter '{key}'", key);
        }
        var mux = options.GetBool("mux", false);
        var console = options.GetBool("console", false);
        var logAppend = options.GetBool("logappend", false);
        var muxBeId = options.Get("mux-be-id");
        var muxFeId = options.Get("mux-fe-id");
        if (mux && muxBeId is not null)
            throw new QemuOptionException(ServiceConfigReader.MuxAndMuxBe, "mux");
        if (muxFeId is not null && muxBeId is not null)
            throw new QemuOptionException(ServiceConfigReader.MuxAndMuxBe, "mux-fe-id");
        if (isMux && (mux || muxBeId is not null))
            throw new QemuOptionException(StackingMessage(id), mux ? "mux" : "mux-be-id");
        if (mux && muxFeId is not null)
            throw new QemuOptionException($"chardev '{id}': multiplexers can't be stacked: a mux=on chardev can't be a frontend of mux '{muxFeId}'", "mux-fe-id");
        var chardev = isMux ? TranslateMux(options, id) : TranslateBackend(options, id);
        if (mux)
            chardev = chardev with { FrontendMux = TranslateFrontendMux(options) };
        else if (options.Has("echr") || options.Has("max-frontends"))
            throw new QemuOptionException($"Invalid parameter '{(options.Has("echr") ? "echr" : "max-frontends")}'", options.Has("echr") ? "echr" : "max-frontends");
        return chardev with
        {
            MuxBeId = muxBeId,
            MuxFeId = muxFeId,
            Console = console,
            LogFile = options.Get("logfile") is { Length: > 0 } log ? log : null,
            LogAppend = logAppend,
        };
    }

    /// <summary><c>mux=on</c>: the frontend mux's escape (<c>echr=</c>, QEMU's <c>-echr</c>) and <c>max-frontends=</c>.</summary>
    private static QemuFrontendMux TranslateFrontendMux(QemuOptions options)
    {
        var echr = options.GetNumber("echr") ?? MuxFe.EscapeKeys.CtrlA;
        if (echr > 255)
            throw new QemuOptionException("Parameter 'echr' expects a character code from 0 to 255 (1 to 26 are Ctrl-A to Ctrl-Z)", "echr");
        var max = options.GetNumber("max-frontends") ?? Mux.FrontendMuxOptions.DefaultMaxFrontends;
        if (max is < 1 or > int.MaxValue)
            throw new QemuOptionException("Parameter 'max-frontends' expects a number of at least 1", "max-frontends");
        return new QemuFrontendMux((byte)echr, (int)max);
    }

    /// <summary>QEMU's stacking error for chardev <paramref name="id"/>.</summary>
    public static string StackingMessage(string id) =>
        $"hub: multiplexers and hub devices can't be stacked, check chardev '{id}', chardev should not be a hub device or have 'mux=on' enabled";

    private static bool IsKnown(string backend, string key) => backend switch
    {
        "mux-be" => key is "id" or "frontend" or "logfile" or "logappend" or "mux" or "mux-be-id",
        "hub" => key is "id" or "frontend" or "logfile" or "logappend" or "mux" or "mux-be-id" || HubIndex().IsMatch(key),
        _ => Common.Contains(key) || backend switch
        {
            "socket" => key is "path" or "host" or "port" or "server" or "wait" or "reconnect" or "reconnect-ms" or "telnet",
            "pty" or "serial" or "tty" => key is "path",
            "file" => key is "path" or "append",
            "ringbuf" or "memory" => key is "size",
            "stdio" => key is "signal",
            "vc" => key is "cols" or "rows" or "width" or "height" or "listen" or "web",
            _ => false,
        },
    };

    private static QemuChardev TranslateMux(QemuOptions options, string id)
    {
        List<string>? members = null;
        if (options.Backend == "hub")
        {
            members = [];
            // QEMU reads chardevs.0, chardevs.1, ... and stops at the first index that is not there.
            for (var i = 0; options.Get("chardevs." + i.ToString(CultureInfo.InvariantCulture)) is { } member; i++)
                members.Add(member);
            if (members.Count == 0)
                throw new QemuOptionException("hub: 'chardevs' list is not defined", "chardevs.0");
        }
        return new QemuChardev(options, id, ServiceConfigReader.MuxBe, []) { Frontend = options.Get("frontend"), HubMembers = members };
    }

    private static QemuChardev TranslateBackend(QemuOptions options, string id)
    {
        var fields = new List<KeyValuePair<string, string>>();
        string type;
        switch (options.Backend)
        {
            case "socket":
                type = TranslateSocket(options, fields);
                break;
            case "pty":
                type = "pty";
                if (options.Get("path") is { } link)
                    fields.Add(new("link", QemuChardev.Quote(link)));
                break;
            case "file":
                type = "file";
                fields.Add(new("path", QemuChardev.Quote(Required(options, "path", "chardev: file: no filename given"))));
                fields.Add(new("append", options.GetBool("append", false) ? "on" : "off")); // QEMU truncates unless told
                break;
            case "serial" or "tty":
                type = "serial";
                fields.Add(new("path", QemuChardev.Quote(Required(options, "path", "chardev: serial/tty: no device path given"))));
                break;
            case "ringbuf" or "memory":
                type = "ringbuf";
                if (options.Get("size") is { } size)
                {
                    if (!SizeValue().IsMatch(size))
                        throw new QemuOptionException("Parameter 'size' expects a non-negative number below 2^64", "size");
                    fields.Add(new("size", QemuChardev.Quote(size)));
                }
                break;
            case "vc":
                type = "vc";
                QemuVcGeometry.Translate(options, fields);
                break;
            case "stdio":
                type = "stdio";
                _ = options.GetBool("signal", true); // checked like QEMU; the service handles its own signals
                break;
            default:
                type = "null";
                break;
        }
        return new QemuChardev(options, id, type, fields);
    }

    private static string TranslateSocket(QemuOptions options, List<KeyValuePair<string, string>> fields)
    {
        if (options.GetBool("telnet", false))
            throw new QemuOptionException("telnet is not supported yet", "telnet");
        var server = options.GetBool("server", false);
        _ = options.GetBool("wait", true); // our servers never wait for a client: accepted for QEMU's sake
        var reconnect = options.GetNumber("reconnect");
        var reconnectMs = options.GetNumber("reconnect-ms");
        if (!server && options.Has("wait"))
            throw new QemuOptionException("'wait' option is incompatible with socket in client connect mode", "wait");
        if (server && options.Has("reconnect"))
            throw new QemuOptionException("'reconnect' option is incompatible with socket in server listen mode", "reconnect");
        if (server && options.Has("reconnect-ms"))
            throw new QemuOptionException("'reconnect-ms' option is incompatible with socket in server listen mode", "reconnect-ms");
        if (reconnect is not null && reconnectMs is not null)
            throw new QemuOptionException("'reconnect' and 'reconnect-ms' are mutually exclusive", "reconnect-ms");
        string type;
        if (options.Get("path") is { } path)
        {
            type = server ? "unix-server" : "unix-client";
            fields.Add(new("path", QemuChardev.Quote(path)));
        }
        else
        {
            var host = Required(options, "host", "chardev: socket: no host given");
            var port = Required(options, "port", "chardev: socket: no port given");
            if (!ushort.TryParse(port, NumberStyles.None, CultureInfo.InvariantCulture, out _))
                throw new QemuOptionException("Parameter 'port' expects a port number (0 to 65535)", "port");
            type = server ? "tcp-server" : "tcp-client";
            fields.Add(new("host", QemuChardev.Quote(host)));
            fields.Add(new("port", port));
        }
        // QEMU's reconnect=0 means "never reconnect"; our clients always do, with backoff from their default delay.
        if (reconnect is > 0)
            fields.Add(new("reconnect", reconnect.Value.ToString(CultureInfo.InvariantCulture) + "s"));
        if (reconnectMs is > 0)
            fields.Add(new("reconnect", reconnectMs.Value.ToString(CultureInfo.InvariantCulture) + "ms"));
        return type;
    }

    private static string Required(QemuOptions options, string key, string message) =>
        options.Get(key) ?? throw new QemuOptionException(message, key);

    [GeneratedRegex(@"^chardevs\.(0|[1-9][0-9]*)$", RegexOptions.CultureInvariant)]
    private static partial Regex HubIndex();

    [GeneratedRegex(@"^[0-9]+(\.[0-9]+)?\s*[bkKMGTPE]?$", RegexOptions.CultureInvariant)]
    private static partial Regex SizeValue();
}
