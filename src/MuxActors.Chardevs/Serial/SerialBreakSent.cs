using MuxActors.Core.Mux;

namespace MuxActors.Chardevs.Serial;

/// <summary>A <c>serial</c> chardev sent a BREAK to its device (tcsendbreak returned success).</summary>
/// <param name="Mux">The mux.</param>
/// <param name="At">When.</param>
/// <param name="ChardevId">The serial chardev.</param>
/// <param name="Path">The device path.</param>
public sealed record SerialBreakSent(string Mux, DateTimeOffset At, string ChardevId, string Path) : MuxEvent(Mux, At);
