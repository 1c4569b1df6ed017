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
    /// <summary>
    /// Set for a frontend mux (<c>type = mux-fe</c>, QEMU's <c>mux=on</c>): its consoles; <see cref="Frontend"/> is then
    /// the first of them and <see cref="Backends"/> holds its one backend.
    /// </summary>
    public FrontendMuxOptions? FrontendMux { get; init; }

    /// <summary>Every console of the mux: the frontend of a mux-be, the consoles of a mux-fe.</summary>
    public IReadOnlyList<ChardevSpec> Consoles => FrontendMux?.Consoles ?? [Frontend];

    /// <summary>"mux-be" or "mux-fe".</summary>
    public string Kind => FrontendMux is null ? "mux-be" : "mux-fe";

    /// <summary>The backend with that id, or <c>null</c>.</summary>
    public ChardevSpec? Backend(string id) => Backends.FirstOrDefault(b => b.Id == id);
}

/// <summary>What a frontend mux adds to a mux definition.</summary>
/// <param name="Consoles">The frontends (consoles) sharing the backend, in configuration order; the first has the focus at start.</param>
/// <param name="Escape">The escape character (QEMU's <c>-echr</c>: 1 to 26 are Ctrl-A to Ctrl-Z).</param>
/// <param name="MaxFrontends">Most consoles the mux accepts.</param>
/// <param name="Timestamps">Whether output lines are stamped from the start.</param>
/// <param name="ExitOnDetach">Whether escape-x on a stdio backend stops the service.</param>
public sealed record FrontendMuxOptions(IReadOnlyList<ChardevSpec> Consoles, byte Escape, int MaxFrontends, bool Timestamps, bool ExitOnDetach)
{
    /// <summary>The default maximum of consoles.</summary>
    public const int DefaultMaxFrontends = 16;

    /// <summary>Whether both would run identically.</summary>
    public bool SameAs(FrontendMuxOptions? other) =>
        other is not null && Escape == other.Escape && MaxFrontends == other.MaxFrontends && Timestamps == other.Timestamps
        && ExitOnDetach == other.ExitOnDetach && Consoles.Count == other.Consoles.Count
        && Consoles.Zip(other.Consoles).All(p => p.First.SameSettingsAs(p.Second));
}
