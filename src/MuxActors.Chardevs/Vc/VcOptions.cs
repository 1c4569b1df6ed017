using System.Net;
using MuxActors.Chardevs.Common;
using MuxActors.Core.Chardevs;
using MuxActors.Hocon;
using MuxActors.Vnc.Fonts;
using MuxActors.Vnc.Rfb;

namespace MuxActors.Chardevs.Vc;

/// <summary>The options of a <c>vc</c> chardev.</summary>
/// <param name="Address">Where viewers connect (loopback unless configured).</param>
/// <param name="Port">The port; 0 lets the system pick one (logged at start).</param>
/// <param name="Cols">Columns of the console.</param>
/// <param name="Rows">Rows of the console.</param>
/// <param name="FontPath">The PSF font found (configured or the default).</param>
/// <param name="Auth">VNC authentication, or null for none.</param>
/// <param name="MaxClients">Viewers at once.</param>
/// <param name="ReadOnly">Viewers only watch.</param>
internal sealed record VcOptions(IPAddress Address, int Port, int Cols, int Rows, string FontPath, VncAuth? Auth, int MaxClients, bool ReadOnly)
{
    public const string DefaultListen = "127.0.0.1:5900";

    public static VcOptions Read(ChardevSpec spec)
    {
        HoconConfig options = spec.Options;
        var (host, port) = options.HasPath("listen") ? ChardevOptions.ReadHostPort(options, "listen") : ("127.0.0.1", 5900);
        IPAddress address = host switch
        {
            "" or "localhost" => IPAddress.Loopback,
            "*" => IPAddress.Any,
            _ when IPAddress.TryParse(host, out var parsed) => parsed,
            _ => throw ChardevOptions.Error(options, "listen", $"'{host}' is not a local address to listen on (use an IP address such as 127.0.0.1, 'localhost' or '*')"),
        };
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
        return new VcOptions(address, port, cols, rows, fontPath, ReadAuth(options), maxClients, spec.ReadOnly);
    }

    /// <summary>The exclusive resource the listener claims, or null for an ephemeral port.</summary>
    public string? Resource => Port == 0 ? null : "tcp:" + new IPEndPoint(Address, Port);

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
