using MuxActors.Core.Config.Qemu;
using MuxActors.Hocon;

namespace MuxActors.Core.Config;

/// <summary>
/// QEMU option strings (<c>muxactors.qemu.chardevs = ["socket,id=...", ...]</c> and <c>--chardev</c> arguments): each
/// becomes a named chardev, as if written in <c>muxactors.chardevs</c>, so both styles meet in one model and the same
/// checks. QEMU's own rules are checked first, in QEMU's words; an error found later in a generated block is reported
/// at the option string it came from.
/// </summary>
public sealed partial class ServiceConfigReader
{
    /// <summary>QEMU option strings from the command line (<c>--chardev</c>), read after the configuration's own.</summary>
    public IReadOnlyList<string> CommandLineChardevs { get; init; } = [];

    private sealed partial class Run
    {
        private readonly Dictionary<string, QemuSource> _qemuOrigins = new(StringComparer.Ordinal);

        private void ReadQemuChardevs(HoconConfig? top, IReadOnlyList<string> commandLine)
        {
            var sources = new List<QemuSource>();
            if (top is not null && top.HasPath("qemu") && Guard(() => top.GetConfig("qemu")) is { } qemu)
            {
                Errors.AddRange(KnownKeys.Check(qemu, "qemu", ["chardevs"]));
                sources.AddRange(ReadQemuArray(qemu));
            }
            sources.AddRange(commandLine.Select(QemuSource.CommandLine));
            if (sources.Count == 0)
                return;
            var existing = _named.ToDictionary(n => n.Key, n => n.Value.Type, StringComparer.Ordinal);
            if (top is not null && top.GetValue("muxes") is HoconObject inlineMuxes)
            {
                foreach (var name in inlineMuxes.Keys)
                    existing.TryAdd(name, MuxBe);
            }
            var set = QemuChardevSet.Build(sources, existing);
            Errors.AddRange(set.Errors);
            foreach (var generated in set.Generated)
            {
                var origin = generated.Source.GeneratedOriginName;
                _qemuOrigins[origin] = generated.Source;
                var config = Guard(() => HoconConfig.FromString(generated.Hocon, origin).GetConfig(Key(generated.Id)));
                if (config is not null)
                    _named[generated.Id] = new NamedChardev(generated.Id, generated.Type, config, generated.MuxBeId)
                    {
                        MuxFeId = config.HasPath("mux-fe-id") ? config.GetString("mux-fe-id") : null,
                    };
            }
        }

        private List<QemuSource> ReadQemuArray(HoconConfig qemu)
        {
            var sources = new List<QemuSource>();
            if (!qemu.HasPath("chardevs"))
                return sources;
            if (qemu.GetValue("chardevs") is not HoconArray array)
            {
                Error(qemu, "chardevs", "qemu.chardevs must be a list of QEMU -chardev option strings");
                return sources;
            }
            for (var i = 0; i < array.Count; i++)
            {
                var path = $"{qemu.PathPrefix}.chardevs.{i}";
                if (array.Items[i] is HoconScalar { Kind: HoconScalarKind.String } text)
                    sources.Add(new QemuSource(text.Text, text.Origin, path));
                else
                    Errors.Add(new ConfigError("qemu.chardevs: each element must be a QEMU -chardev option string, such as \"socket,id=sock0,path=vm.sock,server=on\"", array.Items[i].Origin, path));
            }
            return sources;
        }

        /// <summary>Moves errors found in generated blocks to the option strings they came from.</summary>
        private void RelocateQemuErrors()
        {
            for (var i = 0; i < Errors.Count; i++)
            {
                if (Errors[i].Origin?.File is { } file && _qemuOrigins.TryGetValue(file, out var source))
                    Errors[i] = source.Relocate(Errors[i]);
            }
        }
    }
}
