namespace MuxActors.Vnc.Rfb;

/// <summary>A viewer broke the protocol (a bad version string, an unknown message, an absurd length): it is closed.</summary>
public sealed class RfbProtocolException : Exception
{
    /// <summary>Creates the exception.</summary>
    public RfbProtocolException(string message) : base(message) { }

    /// <summary>Creates the exception.</summary>
    public RfbProtocolException() { }

    /// <summary>Creates the exception.</summary>
    public RfbProtocolException(string message, Exception inner) : base(message, inner) { }
}
