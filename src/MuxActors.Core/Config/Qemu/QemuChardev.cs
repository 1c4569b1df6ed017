using System.Globalization;
using System.Text;

namespace MuxActors.Core.Config.Qemu;

/// <summary>
/// One QEMU <c>-chardev</c> translated into MuxActors terms: the chardev kind and its HOCON options, or a mux, and the
/// QEMU-side links (<c>mux-be-id</c>, a hub's <c>chardevs.N</c>, <c>frontend</c>, <c>console=on</c>, <c>logfile</c>).
/// </summary>
/// <param name="Options">The option string it came from.</param>
/// <param name="Id">The chardev id.</param>
/// <param name="Type">The MuxActors kind (<c>unix-server</c>...), or <c>mux-be</c> for <c>mux-be</c> and <c>hub</c>.</param>
/// <param name="Fields">The kind's options as HOCON: key and value already written as HOCON text.</param>
public sealed record QemuChardev(QemuOptions Options, string Id, string Type, IReadOnlyList<KeyValuePair<string, string>> Fields)
{
    /// <summary>The mux this chardev joins (<c>mux-be-id=</c>).</summary>
    public string? MuxBeId { get; init; }

    /// <summary>The frontend mux this chardev joins as a console (<c>mux-fe-id=</c>, our extension).</summary>
    public string? MuxFeId { get; init; }

    /// <summary><c>mux=on</c>: the chardev is the backend of a frontend mux with its id (the chardev becomes <c>ID-base</c>).</summary>
    public QemuFrontendMux? FrontendMux { get; init; }

    /// <summary>The id the real chardev gets under <c>mux=on</c> (QEMU's naming).</summary>
    public string BaseId => Id + "-base";

    /// <summary>Marked <c>console=on</c>: it is its mux's frontend, not a backend.</summary>
    public bool Console { get; init; }

    /// <summary>For a mux: the chardev named by <c>frontend=</c>.</summary>
    public string? Frontend { get; init; }

    /// <summary>For a hub: its members, <c>chardevs.0</c> upward to the first gap.</summary>
    public IReadOnlyList<string>? HubMembers { get; init; }

    /// <summary><c>logfile=</c>: a copy of the output goes to this file.</summary>
    public string? LogFile { get; init; }

    /// <summary><c>logappend=</c>: append to <see cref="LogFile"/> instead of truncating it.</summary>
    public bool LogAppend { get; init; }

    /// <summary>Whether this is a multiplexer (<c>mux-be</c> or <c>hub</c>).</summary>
    public bool IsMux => Type == ServiceConfigReader.MuxBe;

    /// <summary>The id of the file chardev that <see cref="LogFile"/> becomes.</summary>
    public string LogChardevId => Id + "-logfile";

    /// <summary>A HOCON string literal.</summary>
    public static string Quote(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var sb = new StringBuilder(text.Length + 2).Append('"');
        foreach (var c in text)
        {
            switch (c)
            {
                case '"': sb.Append("\\\""); break;
                case '\\': sb.Append("\\\\"); break;
                case '\n': sb.Append("\\n"); break;
                case '\r': sb.Append("\\r"); break;
                case '\t': sb.Append("\\t"); break;
                default:
                    if (char.IsControl(c))
                        sb.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    else
                        sb.Append(c);
                    break;
            }
        }
        return sb.Append('"').ToString();
    }

    /// <summary>
    /// The named-chardev block this becomes, <c>"ID" { type = ..., ... }</c>; <paramref name="frontend"/> and
    /// <paramref name="backends"/> are set on a mux, <paramref name="muxBeId"/> on a member.
    /// </summary>
    public string ToHocon(string? frontend, IReadOnlyList<string>? backends, string? muxBeId) => ToHocon(Id, frontend, backends, muxBeId);

    /// <summary>The block under another id (the base chardev of a mux=on chardev).</summary>
    public string ToHocon(string id, string? frontend, IReadOnlyList<string>? backends, string? muxBeId)
    {
        var sb = new StringBuilder().Append(Quote(id)).Append(" {\n  type = ").Append(Quote(Type)).Append('\n');
        foreach (var (key, value) in Fields)
            sb.Append("  ").Append(Quote(key)).Append(" = ").Append(value).Append('\n');
        if (frontend is not null)
            sb.Append("  frontend = ").Append(Quote(frontend)).Append('\n');
        if (backends is not null)
            sb.Append("  backends = [").Append(string.Join(", ", backends.Select(Quote))).Append("]\n");
        if (muxBeId is not null)
            sb.Append("  mux-be-id = ").Append(Quote(muxBeId)).Append('\n');
        if (MuxFeId is not null)
            sb.Append("  mux-fe-id = ").Append(Quote(MuxFeId)).Append('\n');
        return sb.Append("}\n").ToString();
    }

    /// <summary>The frontend mux block of a <c>mux=on</c> chardev; <paramref name="exitOnDetach"/> for one given on the command line.</summary>
    public string FrontendMuxHocon(bool exitOnDetach) =>
        $"{Quote(Id)} {{\n  type = \"mux-fe\"\n  backend = {Quote(BaseId)}\n  escape = {FrontendMux!.Escape}\n"
        + $"  max-frontends = {FrontendMux.MaxFrontends}\n  exit-on-detach = {(exitOnDetach ? "on" : "off")}\n}}\n";
}

/// <summary>What <c>mux=on</c> sets: the escape character and the most frontends.</summary>
/// <param name="Escape">QEMU's <c>-echr</c> value (<c>echr=</c>).</param>
/// <param name="MaxFrontends"><c>max-frontends=</c>.</param>
public sealed record QemuFrontendMux(byte Escape, int MaxFrontends);
