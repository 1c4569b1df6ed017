using System.Net;
using MuxActors.Chardevs.Common;
using MuxActors.Chardevs.Sockets;
using MuxActors.Chardevs.Web;
using MuxActors.Core.Chardevs;
using MuxActors.Hocon;
using MuxActors.Vnc.Fonts;
using MuxActors.Vnc.Rfb;

namespace MuxActors.Chardevs.Vc;

/// <summary>The options of a <c>vc</c> chardev.</summary>
/// <param name="Listen">Where VNC viewers connect over TCP (loopback unless configured; port 0 is picked and logged), or null for no TCP listener.</param>
/// <param name="Web">Where the noVNC page and its WebSocket are served on the service's HTTP listener, or null for none.</param>
/// <param name="Cols">Columns of the console.</param>
/// <param name="Rows">Rows of the console.</param>
/// <param name="FontPath">The PSF font found (configured or the default).</param>
/// <param name="Auth">VNC authentication, or null for none.</param>
/// <param name="MaxClients">Viewers at once, over TCP and WebSocket together.</param>
/// <param name="ReadOnly">Viewers only watch.</param>
internal sealed record VcOptions(IPEndPoint? Listen, WebPlace? Web, int Cols, int Rows, string FontPath, VncAuth? Auth, int MaxClients, bool ReadOnly)
{
    public const string DefaultListen = "127.0.0.1:5900";

    private static readonly string[] s_pageKeys = ["web-path", "allowed-origins"];

    public static IReadOnlyCollection<string> Keys { get; } =
        ["listen", "web", "web-path", "allowed-origins", "cols", "rows", "font", "password", "password-file", "max-clients"];

    public static VcOptions Read(ChardevSpec spec)
    {
        HoconConfig options = spec.Options;
        WebPlace? web = null;
        if (options.HasPath("web"))
            web = WebPlace.Read(options, "web", "web-path", $"/{spec.Id}/");
        else if (s_pageKeys.FirstOrDefault(options.HasPath) is { } stray)
            throw ChardevOptions.Error(options, stray, "applies to the noVNC page only: set 'web' too (for example web = \"127.0.0.1:7681\")");
        // Without 'web' the viewers need the TCP listener, so it has a default; with 'web' it is there only when asked for.
        IPEndPoint? listen = null;
        if (options.HasPath("listen"))
        {
            var (host, port) = ChardevOptions.ReadHostPort(options, "listen");
            listen = new IPEndPoint(TcpServerOptions.ParseAddress(options, "listen", host), port);
        }
        else if (web is null)
            listen = new IPEndPoint(IPAddress.Loopback, 5900);
        int cols = Int(options, "cols", 80, 2, 512);
        int rows = Int(options, "rows", 24, 1, 256);
        string? configuredFont = options.HasPath("font") ? ChardevOptions.ResolvePath(options, "font") : null;
        string fontPath;
        try
        {
            fontPath = FontLocator.Locate(configuredFont);
            _ = FontLocator.Load(fontPath);
        }
        catch (Exception ex) when (ex is IOException or InvalidDataException or UnauthorizedAccessException)
        {
            throw ChardevOptions.Error(options, "font", ex.Message);
        }
        int maxClients = Int(options, "max-clients", 16, 1, 1024);
        return new VcOptions(listen, web, cols, rows, fontPath, ReadAuth(options), maxClients, spec.ReadOnly);
    }

    /// <summary>The exclusive resources the listeners claim (none for an ephemeral TCP port).</summary>
    public IReadOnlyList<string> Resources
    {
        get
        {
            var resources = new List<string>(2);
            if (Listen is { Port: not 0 } tcp)
                resources.Add("tcp:" + tcp);
            if (Web is { } web)
                resources.Add(web.Resource);
            return resources;
        }
    }

    private static VncAuth? ReadAuth(HoconConfig options)
    {
        if (options.HasPath("password") && options.HasPath("password-file"))
            throw ChardevOptions.Error(options, "password-file", "set either 'password' or 'password-file', not both");
        string key;
        string password;
        if (options.HasPath("password"))
        {
            key = "password";
            password = options.GetString("password");
        }
        else if (options.HasPath("password-file"))
        {
            key = "password-file";
            string path = ChardevOptions.ResolvePath(options, key);
            try
            {
                // The first line of the file; the file is read again at every start, so a new password needs a restart only.
                password = File.ReadLines(path).FirstOrDefault() ?? "";
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                throw ChardevOptions.Error(options, key, $"cannot read '{path}': {ex.Message}");
            }
        }
        else
            return null;
        if (password.Length == 0)
            throw ChardevOptions.Error(options, key, "the password is empty (leave it out for no password)");
        try
        {
            return new VncAuth(password);
        }
        catch (ArgumentException)
        {
            throw ChardevOptions.Error(options, key, "this password makes a weak DES key; choose another");
        }
    }

    private static int Int(HoconConfig options, string key, int defaultValue, int min, int max)
    {
        int value = options.GetInt32(key, defaultValue);
        return value >= min && value <= max ? value : throw ChardevOptions.Error(options, key, $"must be between {min} and {max} (was {value})");
    }
}
