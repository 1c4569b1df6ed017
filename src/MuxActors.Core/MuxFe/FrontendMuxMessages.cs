using MuxActors.Core.Mux;

namespace MuxActors.Core.MuxFe;

/// <summary>Focus console <paramref name="Console"/> of a frontend mux (muxctl focus); replies <see cref="MuxCommandResult"/>.</summary>
public sealed record FocusConsole(string Console);

/// <summary>A frontend mux moved its focus: input now goes to <paramref name="Console"/> (null: it has no console).</summary>
public sealed record FocusChanged(string Mux, DateTimeOffset At, string? Console, string? Previous) : MuxEvent(Mux, At);

/// <summary>
/// Escape-x on a stdio backend of a frontend mux whose service was started for it (<c>exit-on-detach</c>): the host
/// stops the service, as QEMU exits on Ctrl-A x.
/// </summary>
public sealed record ServiceExitRequested(string Mux, DateTimeOffset At, string Reason) : MuxEvent(Mux, At);
