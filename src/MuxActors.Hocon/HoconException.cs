namespace MuxActors.Hocon;

/// <summary>
/// Any problem reading HOCON: a syntax error, an unresolved substitution, a failed include, or a value
/// of the wrong type for a typed getter. When the position is known, <see cref="Exception.Message"/>
/// starts with <c>file:line:col: </c>.
/// </summary>
public class HoconException : Exception
{
    /// <summary>Creates an exception with no position.</summary>
    public HoconException()
        : this(null, null, "HOCON error")
    {
    }

    /// <summary>Creates an exception with no position.</summary>
    /// <param name="message">What went wrong.</param>
    public HoconException(string message)
        : this(null, null, message)
    {
    }

    /// <summary>Creates an exception with no position, wrapping another.</summary>
    /// <param name="message">What went wrong.</param>
    /// <param name="innerException">The underlying cause.</param>
    public HoconException(string message, Exception innerException)
        : base(message, innerException)
    {
        Reason = message;
    }

    /// <summary>Creates an exception pointing at a position and, optionally, naming a key path.</summary>
    /// <param name="origin">Where the problem is, if known.</param>
    /// <param name="path">The key path concerned (rendered HOCON path), if any.</param>
    /// <param name="reason">What went wrong and what was expected, without the position prefix.</param>
    /// <param name="innerException">The underlying cause, if any.</param>
    public HoconException(HoconOrigin? origin, string? path, string reason, Exception? innerException = null)
        : base(origin is null ? reason : $"{origin}: {reason}", innerException)
    {
        Origin = origin;
        Path = path;
        Reason = reason;
    }

    /// <summary>Where the problem is, when known.</summary>
    public HoconOrigin? Origin { get; }

    /// <summary>The key path concerned (for example <c>mux.serial.baud</c>), when there is one.</summary>
    public string? Path { get; }

    /// <summary>The message without the <c>file:line:col: </c> prefix.</summary>
    public string Reason { get; } = string.Empty;
}
