using System.Globalization;
using System.Net;
using System.Text;
using MuxActors.Core.Config;
using MuxActors.Hocon;

namespace MuxActors.Service.Management;

/// <summary>How the management API is reached.</summary>
public enum ManagementListenKind
{
    /// <summary>Not served at all.</summary>
    Off,

    /// <summary>A unix socket (mode 0600); the file permissions are the access control.</summary>
    Unix,

    /// <summary>A TCP address; every request needs the bearer token.</summary>
    Tcp,
}

/// <summary>The validated <c>muxactors.management</c> settings.</summary>
/// <param name="Kind">Unix socket, TCP or off.</param>
/// <param name="SocketPath">The absolute socket path, for <see cref="ManagementListenKind.Unix"/>.</param>
/// <param name="Endpoint">The address and port, for <see cref="ManagementListenKind.Tcp"/> (port 0 picks a free one).</param>
/// <param name="Token">The bearer token TCP clients must present; also accepted, but not required, on the unix socket.</param>
public sealed record ManagementSettings(ManagementListenKind Kind, string? SocketPath, IPEndPoint? Endpoint, string? Token)
{
    /// <summary>The listen value used when the configuration has none.</summary>
    public const string DefaultListen = "unix:run/muxactors.sock";

    /// <summary>Where the token comes from when the configuration has none.</summary>
    public const string TokenVariable = "MUXACTORS_TOKEN";

    /// <summary>The shortest token accepted: a guessable token on TCP is no protection.</summary>
    public const int MinimumTokenLength = 16;

    private const string Prefix = "muxactors.management";
    private const int MaxUnixPathBytes = 107; // sun_path is 108 bytes with the terminating NUL
    private static readonly string[] s_keys = ["listen", "token"];

    /// <summary>How the listen address reads in logs: <c>unix:/path</c>, <c>tcp:127.0.0.1:7000</c> or <c>off</c>.</summary>
    public string Display => Kind switch
    {
        ManagementListenKind.Unix => "unix:" + SocketPath,
        ManagementListenKind.Tcp => "tcp:" + Endpoint,
        _ => "off",
    };

    /// <summary>
    /// Reads <c>muxactors.management</c> from <paramref name="root"/>; a relative socket path resolves against
    /// <paramref name="configDirectory"/>. Every problem is returned with its file:line:col and key path.
    /// </summary>
    public static (ManagementSettings? Settings, IReadOnlyList<ConfigError> Errors) Read(HoconConfig root, string configDirectory,
        Func<string, string?>? environment = null)
    {
        ArgumentNullException.ThrowIfNull(root);
        environment ??= Environment.GetEnvironmentVariable;
        var errors = new List<ConfigError>();
        try
        {
            if (!root.HasPath(Prefix))
                return (Parse(DefaultListen, null, configDirectory, null, false, errors), errors);
            var block = root.GetConfig(Prefix);
            foreach (var key in block.Root.Keys.Where(k => !s_keys.Contains(k, StringComparer.Ordinal)))
                errors.Add(Error(block.GetValue(HoconKey(key)), $"{Prefix}.{key}", $"unknown key (known keys: {string.Join(", ", s_keys)})"));
            var listenValue = block.GetValue("listen");
            var listen = block.HasPath("listen") ? block.GetString("listen") : DefaultListen;
            string? token = block.HasPath("token") ? block.GetString("token") : null;
            var fromEnvironment = token is null;
            var settings = Parse(listen, listenValue, configDirectory, token ?? NonEmpty(environment(TokenVariable)), fromEnvironment, errors);
            if (token is not null && token.Length < MinimumTokenLength)
                errors.Add(Error(block.GetValue("token"), Prefix + ".token", $"the token must have at least {MinimumTokenLength} characters"));
            return errors.Count > 0 ? (null, errors) : (settings, errors);
        }
        catch (HoconException ex)
        {
            errors.Add(ConfigError.From(ex));
            return (null, errors);
        }
    }

    private static ManagementSettings? Parse(string listen, HoconValue? origin, string configDirectory, string? token, bool tokenFromEnvironment,
        List<ConfigError> errors)
    {
        const string key = Prefix + ".listen";
        if (listen == "off")
            return new ManagementSettings(ManagementListenKind.Off, null, null, token);
        if (listen.StartsWith("unix:", StringComparison.Ordinal))
        {
            var raw = listen["unix:".Length..];
            if (raw.Length == 0 || raw.Contains('\0', StringComparison.Ordinal))
            {
                errors.Add(Error(origin, key, $"'{listen}' has no usable socket path"));
                return null;
            }
            var path = Path.GetFullPath(raw, configDirectory);
            var bytes = Encoding.UTF8.GetByteCount(path);
            if (bytes > MaxUnixPathBytes)
            {
                errors.Add(Error(origin, key, $"the socket path {path} is too long for a unix socket ({bytes} bytes; the limit is {MaxUnixPathBytes})"));
                return null;
            }
            return new ManagementSettings(ManagementListenKind.Unix, path, null, token);
        }
        if (listen.StartsWith("tcp:", StringComparison.Ordinal))
        {
            if (ParseEndpoint(listen["tcp:".Length..]) is not { } endpoint)
            {
                errors.Add(Error(origin, key, $"'{listen}' is not tcp:ADDRESS:PORT (an IP address or localhost, a port from 0 to 65535)"));
                return null;
            }
            if (token is null)
            {
                errors.Add(Error(origin, key,
                    $"'{listen}' needs a bearer token: set {Prefix}.token (for example token = ${{?{TokenVariable}}}) or the {TokenVariable} environment variable"));
                return null;
            }
            if (tokenFromEnvironment && token.Length < MinimumTokenLength)
            {
                errors.Add(Error(origin, key, $"the bearer token (from {TokenVariable}) must have at least {MinimumTokenLength} characters"));
                return null;
            }
            return new ManagementSettings(ManagementListenKind.Tcp, null, endpoint, token);
        }
        errors.Add(Error(origin, key, $"'{listen}' is not unix:PATH, tcp:ADDRESS:PORT or off"));
        return null;
    }

    private static IPEndPoint? ParseEndpoint(string text)
    {
        var colon = text.LastIndexOf(':');
        if (colon <= 0)
            return null;
        var host = text[..colon];
        if (host.StartsWith('[') && host.EndsWith(']'))
            host = host[1..^1];
        if (!int.TryParse(text[(colon + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port > 65535)
            return null;
        if (host == "localhost")
            return new IPEndPoint(IPAddress.Loopback, port);
        return IPAddress.TryParse(host, out var address) ? new IPEndPoint(address, port) : null;
    }

    private static string? NonEmpty(string? text) => string.IsNullOrEmpty(text) ? null : text;

    private static string HoconKey(string key) => "\"" + key.Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";

    private static ConfigError Error(HoconValue? value, string path, string problem) =>
        new($"key '{path}': {problem}", value?.Origin, path);
}
