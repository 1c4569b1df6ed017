namespace MuxActors.Posix;

/// <summary>Line settings for a <see cref="SerialDevice"/>; the defaults are 115200 8N1, no flow control, exclusive.</summary>
public sealed record SerialSettings
{
    private static readonly string[] ParityNames = ["none", "even", "odd"];
    private static readonly string[] FlowNames = ["none", "rtscts", "xonxoff"];

    /// <summary>Bits per second; one of <see cref="SupportedBaudRates"/>.</summary>
    public int BaudRate { get; init; } = 115200;

    /// <summary>Data bits: 5, 6, 7 or 8.</summary>
    public int DataBits { get; init; } = 8;

    /// <summary>Parity.</summary>
    public SerialParity Parity { get; init; } = SerialParity.None;

    /// <summary>Stop bits: 1 or 2.</summary>
    public int StopBits { get; init; } = 1;

    /// <summary>Flow control.</summary>
    public SerialFlowControl FlowControl { get; init; } = SerialFlowControl.None;

    /// <summary>Refuse further opens of the device by other processes (TIOCEXCL; root is exempt).</summary>
    public bool Exclusive { get; init; } = true;

    /// <summary>The baud rates Linux has codes for (50 to 4000000).</summary>
    public static IReadOnlyList<int> SupportedBaudRates => BaudRates.Supported;

    /// <summary>Checks every field.</summary>
    /// <exception cref="ArgumentException">A value is not allowed; the message names the allowed values.</exception>
    public void Validate()
    {
        if (BaudRates.CodeOf(BaudRate) is null)
        {
            throw new ArgumentException(
                $"baud {BaudRate} is not supported; use one of {string.Join(", ", SupportedBaudRates)}.", nameof(BaudRate));
        }
        if (DataBits is < 5 or > 8)
        {
            throw new ArgumentException($"data-bits must be 5, 6, 7 or 8 (got {DataBits}).", nameof(DataBits));
        }
        if (!Enum.IsDefined(Parity))
        {
            throw new ArgumentException($"parity must be one of {string.Join(", ", ParityNames)} (got {(int)Parity}).", nameof(Parity));
        }
        if (StopBits is not (1 or 2))
        {
            throw new ArgumentException($"stop-bits must be 1 or 2 (got {StopBits}).", nameof(StopBits));
        }
        if (!Enum.IsDefined(FlowControl))
        {
            throw new ArgumentException($"flow must be one of {string.Join(", ", FlowNames)} (got {(int)FlowControl}).", nameof(FlowControl));
        }
    }

    /// <summary>Parses a configuration word: none, even or odd (case-insensitive).</summary>
    /// <param name="text">The word.</param>
    /// <returns>The parity.</returns>
    /// <exception cref="ArgumentException">Not one of the allowed words.</exception>
    public static SerialParity ParseParity(string text) => text?.Trim().ToUpperInvariant() switch
    {
        "NONE" => SerialParity.None,
        "EVEN" => SerialParity.Even,
        "ODD" => SerialParity.Odd,
        _ => throw new ArgumentException($"parity must be one of {string.Join(", ", ParityNames)} (got '{text}').", nameof(text)),
    };

    /// <summary>Parses a configuration word: none, rtscts or xonxoff (case-insensitive).</summary>
    /// <param name="text">The word.</param>
    /// <returns>The flow control.</returns>
    /// <exception cref="ArgumentException">Not one of the allowed words.</exception>
    public static SerialFlowControl ParseFlowControl(string text) => text?.Trim().ToUpperInvariant() switch
    {
        "NONE" => SerialFlowControl.None,
        "RTSCTS" => SerialFlowControl.RtsCts,
        "XONXOFF" => SerialFlowControl.XonXoff,
        _ => throw new ArgumentException($"flow must be one of {string.Join(", ", FlowNames)} (got '{text}').", nameof(text)),
    };

    /// <summary>Formats like "115200 8N1 flow=none".</summary>
    /// <returns>The summary.</returns>
    public override string ToString()
        => $"{BaudRate} {DataBits}{Parity switch { SerialParity.Even => 'E', SerialParity.Odd => 'O', _ => 'N' }}{StopBits} flow={FlowControl switch { SerialFlowControl.RtsCts => "rtscts", SerialFlowControl.XonXoff => "xonxoff", _ => "none" }}";
}
