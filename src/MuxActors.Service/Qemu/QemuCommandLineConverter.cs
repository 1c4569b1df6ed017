using System.Globalization;
using System.Text;
using MuxActors.Core.Config.Qemu;

namespace MuxActors.Service.Qemu;

/// <summary>What <c>muxactors from-qemu</c> prints: the QEMU arguments to use instead, and the MuxActors configuration.</summary>
/// <param name="QemuArguments">The QEMU command line with each mux replaced by one console socket.</param>
/// <param name="Hocon">The configuration that serves the mux's chardevs.</param>
/// <param name="Muxes">The ids of the muxes taken out.</param>
internal sealed record QemuConversion(IReadOnlyList<string> QemuArguments, string Hocon, IReadOnlyList<string> Muxes);

/// <summary>
/// Takes every <c>mux-be</c>/<c>hub</c> and the chardevs that belong to it (by <c>mux-be-id=</c> or <c>chardevs.N=</c>)
/// out of a QEMU command line. The mux's id becomes a listening unix socket in QEMU, so the devices that name it stay
/// as written; MuxActors connects to that socket as the mux's console and serves the members. Every other argument is
/// kept unchanged.
/// </summary>
internal static class QemuCommandLineConverter
{
    /// <summary>Converts <paramref name="arguments"/>; console sockets go in <paramref name="socketDirectory"/>.</summary>
    /// <exception cref="ArgumentException">There is no mux-be or hub chardev in the arguments.</exception>
    public static QemuConversion Convert(IReadOnlyList<string> arguments, string socketDirectory)
    {
        var chardevs = new List<(int Index, QemuOptions Options)>();
        for (var i = 0; i + 1 < arguments.Count; i++)
        {
            if (arguments[i] is "-chardev" or "--chardev" && TryParse(arguments[i + 1]) is { } options)
                chardevs.Add((i + 1, options));
        }
        var muxes = chardevs.Where(c => c.Options.Backend is "mux-be" or "hub" && c.Options.Id is not null).ToList();
        if (muxes.Count == 0)
            throw new ArgumentException("no -chardev mux-be or hub in the QEMU arguments: there is nothing to take out");
        var taken = new HashSet<int>(muxes.Select(m => m.Index));
        var replaced = new Dictionary<int, string>();
        var hocon = new StringBuilder()
            .Append("# MuxActors configuration made by `muxactors from-qemu`; run it with: muxactors --config FILE\n")
            .Append("muxactors.qemu.chardevs = [\n");
        foreach (var mux in muxes)
        {
            var socket = Path.Combine(socketDirectory, $"muxactors-{mux.Options.Id}.sock");
            replaced[mux.Index] = $"socket,id={QemuOptions.Escape(mux.Options.Id!)},path={QemuOptions.Escape(socket)},server=on,wait=off";
            var members = Members(mux, chardevs);
            foreach (var member in members)
                taken.Add(member.Index);
            AppendMux(hocon, mux, members, socket, chardevs.Select(c => c.Options.Id).OfType<string>().ToHashSet(StringComparer.Ordinal));
            hocon.Append(QemuVncClash.Notes(arguments, members.Select(m => m.Options)));
        }
        hocon.Append("]\n");
        var qemu = new List<string>();
        for (var i = 0; i < arguments.Count; i++)
        {
            if (replaced.TryGetValue(i, out var console))
                qemu.Add(console);
            else if (taken.Contains(i))
                qemu.RemoveAt(qemu.Count - 1); // the -chardev before it goes too
            else
                qemu.Add(arguments[i]);
        }
        return new QemuConversion(qemu, hocon.ToString(), [.. muxes.Select(m => m.Options.Id!)]);
    }

    /// <summary>Quotes an argument for a POSIX shell when it needs it.</summary>
    public static string ShellQuote(string argument) =>
        argument.Length > 0 && argument.All(c => char.IsAsciiLetterOrDigit(c) || "-_.,=:/@%+".Contains(c, StringComparison.Ordinal))
            ? argument
            : "'" + argument.Replace("'", "'\\''", StringComparison.Ordinal) + "'";

    private static QemuOptions? TryParse(string text)
    {
        try
        {
            return QemuOptions.Parse(text);
        }
        catch (QemuOptionException)
        {
            return null; // not ours to judge: QEMU will
        }
    }

    /// <summary>The chardevs of a mux: those with its mux-be-id, and a hub's chardevs.0, .1, ... up to the first gap.</summary>
    private static List<(int Index, QemuOptions Options)> Members((int Index, QemuOptions Options) mux, List<(int Index, QemuOptions Options)> chardevs)
    {
        var members = chardevs.Where(c => c.Options.Get("mux-be-id") == mux.Options.Id).ToList();
        for (var i = 0; mux.Options.Get("chardevs." + i.ToString(CultureInfo.InvariantCulture)) is { } id; i++)
        {
            var found = chardevs.FirstOrDefault(c => c.Options.Id == id && c.Index != mux.Index);
            if (found.Options is not null && !members.Contains(found))
                members.Add(found);
        }
        return members;
    }

    /// <summary>Hub entries QEMU would not use (after the first gap) or that name no chardev: said, not silently lost.</summary>
    private static IEnumerable<string> UnusedHubEntries(QemuOptions hub, List<(int Index, QemuOptions Options)> members)
    {
        var listed = 0;
        while (hub.Has("chardevs." + listed.ToString(CultureInfo.InvariantCulture)))
            listed++;
        foreach (var (key, value) in hub.Pairs.Where(p => p.Key.StartsWith("chardevs.", StringComparison.Ordinal)))
        {
            if (!int.TryParse(key["chardevs.".Length..], NumberStyles.None, CultureInfo.InvariantCulture, out var index) || index >= listed)
                yield return $"  # left out: {key}={value}: QEMU reads chardevs.0, chardevs.1, ... up to the first missing index\n";
            else if (!members.Any(m => m.Options.Id == value))
                yield return $"  # left out: {key}={value}: there is no -chardev with id '{value}'\n";
        }
    }

    private static void AppendMux(StringBuilder hocon, (int Index, QemuOptions Options) mux, List<(int Index, QemuOptions Options)> members,
        string socket, HashSet<string> ids)
    {
        var console = mux.Options.Id + "-console";
        for (var n = 2; ids.Contains(console); n++)
            console = $"{mux.Options.Id}-console{n}";
        var kept = new List<QemuOptions>();
        var notes = new List<string>();
        foreach (var (_, member) in members)
        {
            try
            {
                _ = QemuChardevTranslator.Translate(member);
                kept.Add(member);
            }
            catch (QemuOptionException ex)
            {
                notes.Add($"  # left out: {member.Text}: {ex.Message}\n");
            }
        }
        if (mux.Options.Backend == "hub")
            notes.AddRange(UnusedHubEntries(mux.Options, members));
        var muxText = new StringBuilder(mux.Options.Backend);
        foreach (var (key, value) in mux.Options.Pairs.Where(p => p.Key is not "frontend" && !p.Key.StartsWith("chardevs.", StringComparison.Ordinal)))
            muxText.Append(',').Append(key).Append('=').Append(QemuOptions.Escape(value));
        if (mux.Options.Backend == "hub")
        {
            var hubMembers = kept.Where(m => m.Get("mux-be-id") is null).ToList();
            for (var i = 0; i < hubMembers.Count; i++)
                muxText.Append(CultureInfo.InvariantCulture, $",chardevs.{i}=").Append(QemuOptions.Escape(hubMembers[i].Id!));
        }
        muxText.Append(",frontend=").Append(QemuOptions.Escape(console));
        hocon.Append("  ").Append(QemuChardev.Quote(muxText.ToString())).Append('\n')
            .Append("  ").Append(QemuChardev.Quote($"socket,id={QemuOptions.Escape(console)},path={QemuOptions.Escape(socket)},server=off")).Append('\n');
        foreach (var member in kept)
            hocon.Append("  ").Append(QemuChardev.Quote(member.Text)).Append('\n');
        foreach (var note in notes)
            hocon.Append(note);
    }
}
