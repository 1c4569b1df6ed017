using MuxActors.Core.Chardevs;
using MuxActors.Core.Output;
using MuxActors.Hocon;
using MuxActors.Core.Supervision;

namespace MuxActors.Core.Mux;

/// <summary>Settings of one mux, after defaults were applied.</summary>
/// <param name="Output">Output log watermarks.</param>
/// <param name="InputHighWater">Input queued toward the frontend above which backends stop reading.</param>
/// <param name="InputLowWater">... and below which they read again.</param>
/// <param name="Restart">Backoff for restarting failed chardev actors.</param>
/// <param name="Notify">Tell clients with a one-line notice when the console goes down and comes back.</param>
/// <param name="MaxBackends">Most backends the mux accepts.</param>
public sealed record MuxSettings(OutputSettings Output, long InputHighWater, long InputLowWater, BackoffOptions Restart, bool Notify, int MaxBackends)
{
    /// <summary>The built-in defaults.</summary>
    public static MuxSettings Default { get; } = new(OutputSettings.Default, 64 * 1024, 16 * 1024,
        new BackoffOptions(TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(10), 0.2), Notify: false, MaxBackends: 64);
}

/// <summary>A fully validated mux: one frontend, its backends and settings.</summary>
/// <param name="Name">The mux id.</param>
/// <param name="Frontend">The console.</param>
/// <param name="Backends">The clients and sinks, in configuration order.</param>
/// <param name="Settings">Watermarks, restart backoff, notices, limits.</param>
/// <param name="Origin">Where the mux was defined.</param>
public sealed record MuxDefinition(string Name, ChardevSpec Frontend, IReadOnlyList<ChardevSpec> Backends, MuxSettings Settings, HoconOrigin? Origin)
{
    /// <summary>The backend with that id, or <c>null</c>.</summary>
    public ChardevSpec? Backend(string id) => Backends.FirstOrDefault(b => b.Id == id);
}
