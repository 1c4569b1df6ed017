using MuxActors.Chardevs.Common;
using MuxActors.Core.Chardevs;
using MuxActors.Hocon;

namespace MuxActors.Chardevs.Terminal;

/// <summary>
/// Option readers the terminal kinds share, on top of <see cref="ChardevOptions"/>: every bad value is reported as a
/// <see cref="HoconException"/> naming the key path and where the value was written.
/// </summary>
internal static class OptionReader
{
    /// <summary>An error about the option at <paramref name="key"/>.</summary>
    public static HoconException Invalid(ChardevSpec spec, string key, string problem) =>
        ChardevOptions.Error(spec.Options, key, problem);

    /// <summary>A path that must be given; relative paths are resolved against the configuration file's directory.</summary>
    public static string RequiredPath(ChardevSpec spec, string key, string example) =>
        spec.Options.HasPath(key)
            ? ChardevOptions.ResolvePath(spec.Options, key)
            : throw Invalid(spec, key, $"is required (for example {key} = {example})");

    /// <summary>An optional path, resolved like <see cref="RequiredPath"/>; null when absent.</summary>
    public static string? OptionalPath(ChardevSpec spec, string key) =>
        spec.Options.HasPath(key) ? ChardevOptions.ResolvePath(spec.Options, key) : null;

    /// <summary>An integer option within [<paramref name="min"/>, <paramref name="max"/>].</summary>
    public static int Int(ChardevSpec spec, string key, int defaultValue, int min, int max)
    {
        var value = spec.Options.GetInt32(key, defaultValue);
        return value >= min && value <= max ? value : throw Invalid(spec, key, $"must be between {min} and {max} (was {value})");
    }

    /// <summary>Runs a read whose checks throw <see cref="ArgumentException"/>, and reports a failure at <paramref name="key"/>.</summary>
    public static T Checked<T>(ChardevSpec spec, string key, Func<T> read)
    {
        try
        {
            return read();
        }
        catch (ArgumentException ex)
        {
            throw Invalid(spec, key, ex.Message.Split(" (Parameter", 2)[0]);
        }
    }
}
