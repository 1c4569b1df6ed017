using MuxActors.Core.Chardevs;
using MuxActors.Core.Mux;
using MuxActors.Core.MuxFe;
using MuxActors.Hocon;

namespace MuxActors.Core.Config;

/// <summary>
/// Reading a frontend mux (<c>type = mux-fe</c>): one <c>backend</c> (a block or a chardev id), its <c>frontends</c>
/// (blocks, ids, or chardevs with <c>mux-fe-id</c>), and its keys.
/// </summary>
public sealed partial class ServiceConfigReader
{
    /// <summary>QEMU's words (mux-be series) for a chardev in both kinds of mux.</summary>
    public const string MuxAndMuxBe = "chardev: mux and mux-be can't be used for the same device";

    private sealed partial class Run
    {
        private MuxDefinition? ReadFrontendMux(MuxBlock block)
        {
            var (name, config) = (block.Name, block.Config);
            var before = Errors.Count;
            CheckSettingsKeys(config, $"mux '{name}'", KnownKeys.MuxFe);
            var settings = ReadSettings(config);
            var layers = new LayeredSettings((config, "output"), (_defaults, "output"));

            ChardevSpec? backend = null;
            if (!config.HasPath("backend"))
                Error(config, "", $"mux '{name}': no backend defined (set 'backend' to a chardev block or id)");
            else if (config.GetValue("backend") is HoconObject)
                backend = Guard(() => BuildSpec("backend", config.GetConfig("backend"), layers, frontend: false));
            else
                backend = Member(name, config, Guard(() => config.GetString("backend")), "backend", layers, frontend: false);

            var consoles = new List<ChardevSpec>();
            switch (config.GetValue("frontends"))
            {
                case null:
                    break;
                case HoconObject inline:
                    foreach (var id in inline.Keys)
                    {
                        if (Guard(() => BuildSpec(id, config.GetConfig("frontends." + Key(id)), layers, frontend: true)) is { } spec)
                            consoles.Add(spec);
                    }
                    break;
                case HoconArray:
                    foreach (var id in Guard(() => config.GetStringList("frontends")) ?? [])
                    {
                        if (Member(name, config, id, "frontends", layers, frontend: true) is { } spec)
                            consoles.Add(spec);
                    }
                    break;
                default:
                    Error(config, "frontends", $"mux '{name}': 'frontends' must be an object of chardev blocks or a list of chardev ids");
                    break;
            }
            foreach (var joining in _named.Values.Where(c => c.MuxFeId == name && c.MuxBeId is null))
            {
                if (Member(name, config, joining.Id, "", layers, frontend: true, via: joining.Config) is { } spec)
                    consoles.Add(spec);
            }
            if (consoles.Count == 0 && Errors.Count == before)
                Error(config, "", $"mux '{name}': 'frontends' is not defined (a mux-fe needs at least one console)");

            var options = ReadFrontendMuxOptions(config, name, consoles);
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var spec in consoles.Prepend(backend))
            {
                if (spec is not null && !seen.Add(spec.Id))
                    Errors.Add(new ConfigError($"chardev '{spec.Id}' is already in use by mux '{name}'", spec.Origin, spec.KeyPath));
            }
            if (backend is not null)
                Claim(name, backend, frontend: false);
            foreach (var spec in consoles)
                Claim(name, spec, frontend: true);
            return Errors.Count > before || backend is null || settings is null || options is null
                ? null
                : new MuxDefinition(name, consoles[0], [backend], settings, config.Root.Origin) { FrontendMux = options };
        }

        private FrontendMuxOptions? ReadFrontendMuxOptions(HoconConfig config, string name, List<ChardevSpec> consoles)
        {
            try
            {
                var escape = config.GetInt32("escape", EscapeKeys.CtrlA);
                if (escape is < 0 or > 255)
                {
                    Error(config, "escape", $"mux '{name}': escape must be a character code from 0 to 255, as QEMU's -echr (1 to 26 are Ctrl-A to Ctrl-Z) (was {escape})");
                    return null;
                }
                var max = config.GetInt32("max-frontends", FrontendMuxOptions.DefaultMaxFrontends);
                if (max < 1)
                {
                    Error(config, "max-frontends", $"mux '{name}': max-frontends must be at least 1 (was {max})");
                    return null;
                }
                if (consoles.Count > max)
                {
                    Error(config, "frontends", FrontendMux.TooManyFrontends(name, max));
                    return null;
                }
                return new FrontendMuxOptions(consoles, (byte)escape, max, config.GetBoolean("timestamps", false), config.GetBoolean("exit-on-detach", false));
            }
            catch (HoconException ex)
            {
                Errors.Add(ConfigError.From(ex));
                return null;
            }
        }
    }
}
