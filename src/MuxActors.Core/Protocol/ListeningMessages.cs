namespace MuxActors.Core.Protocol;

/// <summary>
/// A chardev that others connect to (its kind's <see cref="Chardevs.IChardevKind.Listens"/>) has bound its address:
/// told by the chardev's actor to its mux. A web or vc backend needs not say it: its port opening says the same.
/// </summary>
public sealed record ChardevListening(string ChardevId);

/// <summary>
/// Asked of a mux by the service before it says it is ready: answered with <see cref="MuxListening"/> once every
/// chardev of the mux that listens has bound its address, or failed to (it then restarts with backoff).
/// </summary>
public sealed record AwaitListening
{
    /// <summary>The one instance.</summary>
    public static AwaitListening Instance { get; } = new();
}

/// <summary>The answer to <see cref="AwaitListening"/>.</summary>
public sealed record MuxListening
{
    /// <summary>The one instance.</summary>
    public static MuxListening Instance { get; } = new();
}
