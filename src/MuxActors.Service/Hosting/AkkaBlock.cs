using Akka.Configuration;
using MuxActors.Core.Config;
using MuxActors.Hocon;

namespace MuxActors.Service.Hosting;

/// <summary>
/// The optional <c>akka { ... }</c> block of the service's configuration file. Our parser reads and resolves it with the
/// rest of the file (so <c>${?VAR}</c>, <c>+=</c> and includes work there too); it is handed to Akka as a rendered,
/// fully resolved tree, which Akka's own parser reads without needing any of those features.
/// </summary>
public static class AkkaBlock
{
    private static readonly string[] s_logLevels = ["DEBUG", "INFO", "WARNING", "ERROR", "OFF"];

    /// <summary>The rendered block, null when the file has none; errors name file:line:col like any other.</summary>
    public static (string? Hocon, IReadOnlyList<ConfigError> Errors) Read(HoconConfig root)
    {
        ArgumentNullException.ThrowIfNull(root);
        if (!root.HasPath("akka"))
            return (null, []);
        try
        {
            var block = root.GetObject("akka");
            foreach (var key in new[] { "akka.loglevel", "akka.stdout-loglevel" })
            {
                if (root.HasPath(key))
                    root.GetOneOf(key, s_logLevels);
            }
            var rendered = "{\"akka\":" + block + "}";
            ConfigurationFactory.ParseString(rendered); // what Akka itself would refuse, refused here with our position
            return (rendered, []);
        }
        catch (HoconException ex)
        {
            return (null, [ConfigError.From(ex)]);
        }
        catch (Exception ex) when (ex is ConfigurationException or FormatException)
        {
            var origin = root.GetValue("akka")!.Origin;
            return (null, [ConfigError.From(new HoconException(origin, "akka", $"Akka refused the akka block: {ex.Message}"))]);
        }
    }
}
