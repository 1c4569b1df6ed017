namespace MuxActors.Vnc.Rfb;

/// <summary>How an <see cref="RfbServer"/> serves its viewers.</summary>
public sealed record RfbOptions
{
    /// <summary>VNC authentication with this password; null for security type None.</summary>
    public VncAuth? Auth { get; init; }

    /// <summary>Viewers' keys and pastes are ignored.</summary>
    public bool ReadOnly { get; init; }

    /// <summary>Viewers served at once; one more is refused with a reason.</summary>
    public int MaxClients { get; init; } = 16;

    /// <summary>The desktop name viewers show.</summary>
    public string DesktopName { get; init; } = "MuxActors console";

    /// <summary>Updates to one viewer are at least this far apart; changes meanwhile are coalesced into the next.</summary>
    public TimeSpan MinUpdateInterval { get; init; } = TimeSpan.FromMilliseconds(15);

    /// <summary>
    /// Updates to one viewer are at least this far apart while output floods: when more than a screenful of output
    /// came since that viewer's last update. Nobody reads a screen that scrolls faster, and each update also costs a
    /// wake-up, a socket write and the viewer's read, which the <see cref="UpdateCpuShare"/> rule does not see; once
    /// drawing and encoding a flood's update took only tens of microseconds, that rule let 16 viewers take 66 updates
    /// a second each. A keystroke's echo is never a flood.
    /// </summary>
    public TimeSpan FloodUpdateInterval { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary>
    /// The share of one core that making updates for all viewers together may take while the screen changes faster
    /// than they can follow (see <see cref="UpdatePacer"/>); updates after a quiet spell are never held back. 0 turns
    /// the rule off. A twentieth: an update of a flood costs a fraction of a millisecond, so 16 viewers still get
    /// several a second each, and the rest of the cores go to the console they show.
    /// </summary>
    public double UpdateCpuShare { get; init; } = 0.05;

    /// <summary>The handshake (version, security, init) must end within this time.</summary>
    public TimeSpan HandshakeTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>The largest ClientCutText accepted; a longer one closes the viewer.</summary>
    public int MaxCutText { get; init; } = 1 << 20;

    /// <summary>The clock of the update interval.</summary>
    public TimeProvider Time { get; init; } = TimeProvider.System;

    /// <summary>Where connection events go (a viewer connected, closed and why); never given a password.</summary>
    public Action<string> Log { get; init; } = _ => { };
}
