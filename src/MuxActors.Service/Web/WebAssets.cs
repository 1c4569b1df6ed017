using System.Collections.Frozen;
using MuxActors.Chardevs.Web;

namespace MuxActors.Service.Web;

/// <summary>
/// The files of each kind of page, as the build left them in the output: <c>webterm/</c> (the web backend's page and
/// xterm.js) and <c>webvnc/</c> (the vc's page, with noVNC's modules under <c>novnc/</c>). Only files found there at
/// start-up are served, by their path relative to the folder, so no request can name anything else.
/// </summary>
internal static class WebAssets
{
    private static readonly FrozenDictionary<string, string> s_types = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        [".html"] = "text/html; charset=utf-8",
        [".js"] = "text/javascript; charset=utf-8",
        [".css"] = "text/css; charset=utf-8",
    }.ToFrozenDictionary();

    private static readonly Lazy<FrozenDictionary<string, WebAsset>> s_terminal = new(() => Scan("webterm"));
    private static readonly Lazy<FrozenDictionary<string, WebAsset>> s_vnc = new(() => Scan("webvnc"));

    /// <summary>The files of <paramref name="page"/>, by their path under its folder ("index.html", "novnc/core/rfb.js").</summary>
    public static FrozenDictionary<string, WebAsset> For(WebPageKind page) => page == WebPageKind.Vnc ? s_vnc.Value : s_terminal.Value;

    private static FrozenDictionary<string, WebAsset> Scan(string folder)
    {
        var root = Path.Combine(AppContext.BaseDirectory, folder);
        if (!Directory.Exists(root))
            return FrozenDictionary<string, WebAsset>.Empty;
        return Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories)
            .Where(file => s_types.ContainsKey(Path.GetExtension(file)))
            .ToFrozenDictionary(
                file => Path.GetRelativePath(root, file).Replace(Path.DirectorySeparatorChar, '/'),
                file => new WebAsset(file, s_types[Path.GetExtension(file)]),
                StringComparer.Ordinal);
    }
}

/// <summary>One file of a page and the type it is served as.</summary>
internal sealed record WebAsset(string File, string ContentType);
