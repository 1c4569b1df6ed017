namespace MuxActors.Hocon;

/// <summary>Options for <see cref="HoconParser"/>.</summary>
public sealed class HoconParseOptions
{
    private Func<string, string?> _environment = System.Environment.GetEnvironmentVariable;

    /// <summary>
    /// Where substitutions not found in the configuration look next (by the path joined with '.').
    /// Defaults to <see cref="System.Environment.GetEnvironmentVariable(string)"/>; pass <c>_ =&gt; null</c> to disable.
    /// </summary>
    public Func<string, string?> Environment
    {
        get => _environment;
        set => _environment = value ?? throw new ArgumentNullException(nameof(value));
    }

    /// <summary>
    /// The directory relative includes are resolved against when parsing a string (files always use their
    /// own directory). When null, the current directory is used.
    /// </summary>
    public string? BaseDirectory { get; set; }

    /// <summary>
    /// How far a configuration may grow through substitutions and concatenations (values plus characters
    /// created), to stop pathological inputs from exhausting memory.
    /// </summary>
    public long MaxExpansion { get; set; } = 32_000_000;
}
