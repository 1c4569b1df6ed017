namespace MuxActors.Service.Hosting;

/// <summary>How the MuxActors hosted service runs inside a .NET host.</summary>
public sealed class MuxActorsHostingOptions
{
    /// <summary>The HOCON file re-read on reload (SIGHUP); <c>null</c> disables reloads.</summary>
    public string? ConfigFile { get; set; }

    /// <summary>Register a SIGHUP handler that reloads <see cref="ConfigFile"/>.</summary>
    public bool ReloadOnSighup { get; set; } = true;

    /// <summary>The clock of the systemd watchdog's heartbeat. Actors run on the actor system's scheduler (tests use Akka's TestScheduler).</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>How long stopping waits for clients to be told and files to be flushed.</summary>
    public TimeSpan DrainTimeout { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Print, for every mux, how to attach to it once it runs.</summary>
    public bool PrintAttachHints { get; set; } = true;
}
