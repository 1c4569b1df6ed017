namespace MuxActors.Chardevs.Exec;

/// <summary>What an <c>exec</c> chardev does when its program ends (<c>restart = always | on-failure | never</c>).</summary>
public enum RestartPolicy
{
    /// <summary>Start it again after the mux's restart backoff, however it ended.</summary>
    Always,

    /// <summary>Start it again only when it exited with a non-zero code or was killed by a signal.</summary>
    OnFailure,

    /// <summary>Leave it ended: the chardev stops.</summary>
    Never,
}
