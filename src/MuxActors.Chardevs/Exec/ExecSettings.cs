using MuxActors.Chardevs.Terminal;
using MuxActors.Core.Chardevs;
using MuxActors.Hocon;
using MuxActors.Posix;

namespace MuxActors.Chardevs.Exec;

/// <summary>The options of an <c>exec</c> chardev, read and checked from its configuration block.</summary>
/// <param name="Command">The program and its arguments (<c>command</c>).</param>
/// <param name="Size">The terminal size (<c>rows</c>, <c>cols</c>).</param>
/// <param name="Environment">Variables added to the service's environment; a null value removes one (<c>env</c>).</param>
/// <param name="WorkingDirectory">The program's directory (<c>cwd</c>); the service's when null.</param>
/// <param name="Restart">What happens when the program ends (<c>restart</c>).</param>
internal sealed record ExecSettings(IReadOnlyList<string> Command, WindowSize Size,
    IReadOnlyDictionary<string, string?> Environment, string? WorkingDirectory, RestartPolicy Restart)
{
    public static ExecSettings Read(ChardevSpec spec)
    {
        var options = spec.Options;
        return new ExecSettings(
            ReadCommand(spec),
            new WindowSize((ushort)OptionReader.Int(spec, "rows", 24, 1, ushort.MaxValue), (ushort)OptionReader.Int(spec, "cols", 80, 1, ushort.MaxValue)),
            ReadEnvironment(spec),
            OptionReader.OptionalPath(spec, "cwd"),
            options.HasPath("restart") ? ParseRestart(options.GetOneOf("restart", "always", "on-failure", "never")) : RestartPolicy.Always);
    }

    /// <summary>The program and its arguments as one line, for logs.</summary>
    public string CommandLine => string.Join(' ', Command.Select(a => a.Length > 0 && !a.Any(char.IsWhiteSpace) ? a : $"'{a}'"));

    private static RestartPolicy ParseRestart(string text) => text switch
    {
        "on-failure" => RestartPolicy.OnFailure,
        "never" => RestartPolicy.Never,
        _ => RestartPolicy.Always,
    };

    private static List<string> ReadCommand(ChardevSpec spec)
    {
        const string example = "command = [\"/bin/sh\", \"-l\"]";
        if (!spec.Options.HasPath("command"))
            throw OptionReader.Invalid(spec, "command", $"is required (for example {example})");
        if (spec.Options.GetValue("command") is not HoconArray)
            throw OptionReader.Invalid(spec, "command", $"must be a list of the program and its arguments (for example {example})");
        var command = spec.Options.GetStringList("command").ToList();
        return command.Count > 0 && command[0].Length > 0
            ? command
            : throw OptionReader.Invalid(spec, "command", $"must start with the program to run (for example {example})");
    }

    private static Dictionary<string, string?> ReadEnvironment(ChardevSpec spec)
    {
        var variables = new Dictionary<string, string?>(StringComparer.Ordinal);
        if (!spec.Options.HasPath("env"))
            return variables;
        if (spec.Options.GetValue("env") is not HoconObject env)
            throw OptionReader.Invalid(spec, "env", "must be an object of variables (for example env { TERM = xterm-256color })");
        foreach (var (name, value) in env.Fields)
        {
            if (name.Length == 0 || name.Contains('=', StringComparison.Ordinal))
                throw OptionReader.Invalid(spec, "env", $"'{name}' is not a valid environment variable name");
            variables[name] = value switch
            {
                HoconScalar scalar => scalar.AsString(),
                _ => throw OptionReader.Invalid(spec, "env." + HoconPath.Render([name]), $"must be a string, or null to remove the variable (was {value.TypeName})"),
            };
        }
        return variables;
    }
}
