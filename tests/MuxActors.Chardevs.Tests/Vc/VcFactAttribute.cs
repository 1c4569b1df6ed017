using MuxActors.Chardevs.Tests.Terminal;
using MuxActors.Vnc.Fonts;

namespace MuxActors.Chardevs.Tests.Vc;

/// <summary>
/// A fact that needs the default console font and the viewer programs named: it reports skipped, naming the Debian
/// packages to install, when any is missing.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class VcFactAttribute : FactAttribute
{
    public VcFactAttribute(params string[] tools)
    {
        var missing = tools.Where(t => TerminalTools.Find(t) is null).Select(ViewerTools.PackageOf).ToList();
        if (!FontLocator.SearchFolders.Any(f => File.Exists(Path.Combine(f, FontLocator.DefaultFontName))))
            missing.Add("console-setup-linux");
        if (missing.Count > 0)
            Skip = $"needs {string.Join(", ", missing)} (apt-get install {string.Join(' ', missing)})";
    }
}
