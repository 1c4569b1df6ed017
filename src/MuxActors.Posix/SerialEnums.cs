namespace MuxActors.Posix;

/// <summary>Serial parity.</summary>
public enum SerialParity
{
    /// <summary>No parity bit.</summary>
    None,

    /// <summary>Even parity.</summary>
    Even,

    /// <summary>Odd parity.</summary>
    Odd,
}

/// <summary>Serial flow control.</summary>
public enum SerialFlowControl
{
    /// <summary>No flow control.</summary>
    None,

    /// <summary>Hardware flow control on the RTS/CTS lines (CRTSCTS).</summary>
    RtsCts,

    /// <summary>Software flow control with XON/XOFF characters (IXON|IXOFF).</summary>
    XonXoff,
}
