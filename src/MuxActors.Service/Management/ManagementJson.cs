using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace MuxActors.Service.Management;

/// <summary>Every error the API returns: a sentence worded like the configuration validation, and a short code.</summary>
internal sealed record ErrorBody(string Error, string Code);

/// <summary><c>GET /v1/muxes</c>.</summary>
internal sealed record MuxListView(IReadOnlyList<MuxView> Muxes);

/// <summary>One mux: its console, its backends and their clients, counters and uptime.</summary>
internal sealed record MuxView(
    string Name,
    string State,
    FrontendView? Frontend,
    long OutputBytes,
    long InputBytes,
    long InputDiscarded,
    bool ConsolePaused,
    bool BackendsPaused,
    int Clients,
    DateTimeOffset? Started,
    double? UptimeSeconds,
    IReadOnlyDictionary<string, int> Restarts,
    IReadOnlyList<BackendView> Backends)
{
    /// <summary>"mux-be" or "mux-fe".</summary>
    public string Kind { get; init; } = "mux-be";

    /// <summary>A mux-fe's consoles: each with whether it is connected (null for a mux-be).</summary>
    public IReadOnlyList<FrontendView>? Consoles { get; init; }

    /// <summary>The console a mux-fe's input goes to (null for a mux-be).</summary>
    public string? Focus { get; init; }
}

/// <summary>The console side of a mux.</summary>
internal sealed record FrontendView(string Id, string? Type, bool Up, string? Peer, DateTimeOffset? Since, long BytesIn, long BytesOut);

/// <summary>A backend (or the ad-hoc <c>attach</c>/<c>tail</c> ports) and the clients connected to it now.</summary>
internal sealed record BackendView(string Id, string Type, IReadOnlyList<ClientView> Clients);

/// <summary>One connected client (or an open sink such as a log file).</summary>
internal sealed record ClientView(string Peer, long BytesIn, long BytesOut, long Lag, long Dropped, string Policy, DateTimeOffset Since);

/// <summary><c>GET /v1/chardevs</c>.</summary>
internal sealed record ChardevListView(IReadOnlyList<ChardevView> Chardevs);

/// <summary>A known chardev: its global id, type, and the mux it belongs to (none while unattached).</summary>
internal sealed record ChardevView(string Id, string Type, string? Mux, string LocalId, string Role);

/// <summary><c>GET /v1/muxes/{mux}/ringbuf/{id}</c>: what a ring buffer holds.</summary>
internal sealed record RingbufView(string Mux, string Id, string Format, string Data, int Bytes, long TotalWritten);

/// <summary>SSE <c>attach</c> and <c>detach</c>.</summary>
internal sealed record PortEventView(string Mux, DateTimeOffset At, string Chardev, string Peer, string? Reason);

/// <summary>SSE <c>frontend-up</c> and <c>frontend-down</c>.</summary>
internal sealed record FrontendEventView(string Mux, DateTimeOffset At, string Detail);

/// <summary>SSE <c>drop</c>: a client skipped output under the drop policy (<c>bytes</c> is its total so far).</summary>
internal sealed record DropEventView(string Mux, DateTimeOffset At, string Chardev, long Bytes);

/// <summary>SSE <c>restart</c>: a chardev actor failed and is restarted after <c>delay-seconds</c>.</summary>
internal sealed record RestartEventView(string Mux, DateTimeOffset At, string Chardev, string Reason, double DelaySeconds);

/// <summary>SSE <c>reload</c>: a configuration reload was applied (<c>ok</c>) or rejected with its errors.</summary>
internal sealed record ReloadEventView(DateTimeOffset At, bool Ok, IReadOnlyList<string> Errors);

/// <summary>SSE <c>focus</c>: a mux-fe's input goes to <c>console</c> now.</summary>
internal sealed record FocusEventView(string Mux, DateTimeOffset At, string? Console, string? Previous);

/// <summary>Source-generated JSON for the API: kebab-case names, nulls left out.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.KebabCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(ErrorBody))]
[JsonSerializable(typeof(MuxListView))]
[JsonSerializable(typeof(MuxView))]
[JsonSerializable(typeof(ChardevListView))]
[JsonSerializable(typeof(ChardevView))]
[JsonSerializable(typeof(RingbufView))]
[JsonSerializable(typeof(PortEventView))]
[JsonSerializable(typeof(FrontendEventView))]
[JsonSerializable(typeof(DropEventView))]
[JsonSerializable(typeof(RestartEventView))]
[JsonSerializable(typeof(ReloadEventView))]
[JsonSerializable(typeof(FocusEventView))]
internal sealed partial class ManagementJson : JsonSerializerContext
{
    /// <summary>The API's instance: as the attribute says, but with quotes and apostrophes left readable in messages.</summary>
    public static ManagementJson Api { get; } = new(new JsonSerializerOptions
    {
        PropertyNamingPolicy = JsonNamingPolicy.KebabCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, // application/json is never embedded in HTML here
    });
}
