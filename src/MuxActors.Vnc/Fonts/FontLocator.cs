namespace MuxActors.Vnc.Fonts;

/// <summary>Finds the console font to use: a configured path, else Debian's default in the usual folders.</summary>
public static class FontLocator
{
    /// <summary>The font used when none is configured (Debian's <c>console-setup-linux</c>).</summary>
    public const string DefaultFontName = "Uni2-VGA16.psf.gz";

    /// <summary>The folders searched for <see cref="DefaultFontName"/>, in order.</summary>
    public static IReadOnlyList<string> SearchFolders { get; } =
    [
        "/usr/share/consolefonts",
        "/usr/share/kbd/consolefonts",
        "/usr/lib/kbd/consolefonts",
        "/lib/kbd/consolefonts",
        "/usr/share/fonts/consolefonts",
    ];

    /// <summary>
    /// The path of the font to load: <paramref name="configured"/> when given (it must exist), else the first
    /// <see cref="DefaultFontName"/> found in <see cref="SearchFolders"/>.
    /// </summary>
    /// <exception cref="FileNotFoundException">No font was found; the message names the package to install.</exception>
    public static string Locate(string? configured) => Locate(configured, SearchFolders);

    internal static string Locate(string? configured, IReadOnlyList<string> folders)
    {
        if (configured is not null)
        {
            return File.Exists(configured) ? configured
                : throw new FileNotFoundException($"font '{configured}' does not exist", configured);
        }
        foreach (string folder in folders)
        {
            string path = Path.Combine(folder, DefaultFontName);
            if (File.Exists(path))
                return path;
        }
        throw new FileNotFoundException(
            $"no console font: {DefaultFontName} was not found in {string.Join(", ", folders)}; install Debian's console-setup-linux package (apt-get install console-setup-linux) or set font = PATH to a PSF font");
    }

    /// <summary>Locates and loads the font (see <see cref="Locate(string?)"/>).</summary>
    public static PsfFont Load(string? configured) => PsfFont.Load(Locate(configured));
}
