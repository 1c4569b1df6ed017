using MuxActors.Core.Config;
using MuxActors.Hocon;

namespace MuxActors.Service.Metrics;

/// <summary>
/// The validated <c>muxactors.telemetry</c> settings: an optional OTLP push of the metrics
/// (<c>otlp.endpoint</c>, off by default; <c>otlp.protocol</c> <c>grpc</c> or <c>http/protobuf</c>; <c>otlp.interval</c>).
/// </summary>
/// <param name="OtlpEndpoint">Where metrics are pushed, or <c>null</c> for no push.</param>
/// <param name="OtlpHttp">Whether the endpoint speaks OTLP over HTTP (protobuf) rather than gRPC.</param>
/// <param name="OtlpInterval">How often metrics are pushed.</param>
public sealed record TelemetrySettings(Uri? OtlpEndpoint, bool OtlpHttp, TimeSpan OtlpInterval)
{
    /// <summary>How often metrics are pushed unless <c>otlp.interval</c> says otherwise (OpenTelemetry's default).</summary>
    public static readonly TimeSpan DefaultInterval = TimeSpan.FromSeconds(60);

    /// <summary>No push.</summary>
    public static TelemetrySettings Off { get; } = new(null, false, DefaultInterval);

    private const string Prefix = "muxactors.telemetry";
    private static readonly string[] s_keys = ["otlp"];
    private static readonly string[] s_otlpKeys = ["endpoint", "protocol", "interval"];

    /// <summary>Reads <c>muxactors.telemetry</c> from <paramref name="root"/>; every problem comes with its file:line:col and key path.</summary>
    public static (TelemetrySettings? Settings, IReadOnlyList<ConfigError> Errors) Read(HoconConfig root)
    {
        ArgumentNullException.ThrowIfNull(root);
        var errors = new List<ConfigError>();
        try
        {
            if (!root.HasPath(Prefix))
                return (Off, errors);
            var block = root.GetConfig(Prefix);
            Unknown(block, Prefix, s_keys, errors);
            if (!block.HasPath("otlp"))
                return (errors.Count > 0 ? null : Off, errors);
            var otlp = block.GetConfig("otlp");
            Unknown(otlp, Prefix + ".otlp", s_otlpKeys, errors);
            Uri? endpoint = null;
            if (otlp.HasPath("endpoint"))
            {
                var text = otlp.GetString("endpoint");
                if (!Uri.TryCreate(text, UriKind.Absolute, out endpoint) || endpoint.Scheme is not ("http" or "https"))
                    errors.Add(Error(otlp.GetValue("endpoint"), Prefix + ".otlp.endpoint", $"'{text}' is not an http:// or https:// URL"));
            }
            var protocol = otlp.HasPath("protocol") ? otlp.GetString("protocol") : "grpc";
            if (protocol is not ("grpc" or "http/protobuf"))
                errors.Add(Error(otlp.GetValue("protocol"), Prefix + ".otlp.protocol", $"'{protocol}' is not grpc or http/protobuf"));
            var interval = otlp.GetDuration("interval", DefaultInterval);
            if (interval < TimeSpan.FromMilliseconds(100))
                errors.Add(Error(otlp.GetValue("interval"), Prefix + ".otlp.interval", "the interval must be at least 100ms"));
            return errors.Count > 0 ? (null, errors) : (new TelemetrySettings(endpoint, protocol == "http/protobuf", interval), errors);
        }
        catch (HoconException ex)
        {
            errors.Add(ConfigError.From(ex));
            return (null, errors);
        }
    }

    private static void Unknown(HoconConfig block, string prefix, string[] known, List<ConfigError> errors)
    {
        foreach (var key in block.Root.Keys.Where(k => !known.Contains(k, StringComparer.Ordinal)))
            errors.Add(Error(block.GetValue("\"" + key.Replace("\"", "\\\"", StringComparison.Ordinal) + "\""), $"{prefix}.{key}",
                $"unknown key (known keys: {string.Join(", ", known)})"));
    }

    private static ConfigError Error(HoconValue? value, string path, string problem) => new($"key '{path}': {problem}", value?.Origin, path);
}
