namespace MuxActors.Ctl.Api;

/// <summary>A failure muxctl reports as one line on stderr (no stack trace) and exit status 1.</summary>
internal sealed class CtlException : Exception
{
    /// <summary>Creates the exception.</summary>
    public CtlException(string message, string? code = null, string? body = null)
        : base(message)
    {
        Code = code;
        Body = body;
    }

    /// <summary>Creates the exception.</summary>
    public CtlException()
    {
    }

    /// <summary>Creates the exception.</summary>
    public CtlException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>The API's error code (not-found, busy, conflict...), when the service answered with one.</summary>
    public string? Code { get; }

    /// <summary>The API's error body, printed as is with <c>--json</c>.</summary>
    public string? Body { get; }
}
