using MuxActors.Core.Chardevs;
using MuxActors.Core.Mux;
using MuxActors.Core.Protocol;
using MuxActors.Hocon;

namespace MuxActors.Core.Config;

/// <summary>
/// Turns the <c>muxactors</c> section of a configuration into validated <see cref="MuxDefinition"/>s. Muxes come
/// inline (<c>muxactors.muxes.NAME { frontend {...}, backends {...} }</c>) or as named chardevs
/// (<c>muxactors.chardevs { mux0 { type = mux-be, frontend = id }, sock0 { ..., mux-be-id = mux0 } }</c>); both can be
/// mixed. Every problem is collected, each naming file:line:col and the key path, so one run reports them all.
/// </summary>
public sealed partial class ServiceConfigReader(ChardevRegistry registry)
{
    /// <summary>The type of a backend multiplexer.</summary>
    public const string MuxBe = "mux-be";

    /// <summary>The type of a frontend multiplexer (QEMU's <c>mux=on</c>).</summary>
    public const string MuxFe = "mux-fe";

    /// <summary>The id given to an inline frontend.</summary>
    public const string InlineFrontendId = "frontend";

    /// <summary>Reads and validates; throws <see cref="ConfigException"/> listing every error.</summary>
    public ServiceConfig Read(HoconConfig root)
    {
        var (config, errors) = TryRead(root);
        return errors.Count > 0 ? throw new ConfigException(errors) : config!;
    }

    /// <summary>Reads and validates, returning the configuration or every error found.</summary>
    public (ServiceConfig? Config, IReadOnlyList<ConfigError> Errors) TryRead(HoconConfig root)
    {
        ArgumentNullException.ThrowIfNull(root);
        var run = new Run(registry);
        var muxes = run.ReadAll(root, CommandLineChardevs);
        return run.Errors.Count > 0 ? (null, run.Errors) : (new ServiceConfig(muxes, root), run.Errors);
    }

    /// <summary>Quotes a key for use in a path expression when it contains anything but letters, digits, '-' and '_'.</summary>
    internal static string Key(string key) =>
        key.Length > 0 && key.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_') ? key : "\"" + key.Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";

    /// <summary>One reading pass with its error list.</summary>
    private sealed partial class Run(ChardevRegistry registry)
    {
        private readonly Dictionary<string, NamedChardev> _named = new(StringComparer.Ordinal);
        private readonly Dictionary<string, string> _usedBy = new(StringComparer.Ordinal);
        private readonly Dictionary<string, ChardevSpec> _claims = new(StringComparer.Ordinal);
        private HoconConfig? _defaults;

        public List<ConfigError> Errors { get; } = [];

        private readonly Dictionary<string, string> _muxKinds = new(StringComparer.Ordinal);

        private sealed record NamedChardev(string Id, string Type, HoconConfig Config, string? MuxBeId)
        {
            /// <summary>The mux-fe this chardev joins as a console (<c>mux-fe-id</c>).</summary>
            public string? MuxFeId { get; init; }
        }

        private sealed record MuxBlock(string Name, HoconConfig Config, bool Inline, string Type);

        public List<MuxDefinition> ReadAll(HoconConfig root, IReadOnlyList<string> commandLineChardevs)
        {
            var muxes = ReadAllBlocks(root, commandLineChardevs);
            RelocateQemuErrors();
            return muxes;
        }

        private List<MuxDefinition> ReadAllBlocks(HoconConfig root, IReadOnlyList<string> commandLineChardevs)
        {
            var top = root.HasPath("muxactors") ? Guard(() => root.GetConfig("muxactors")) : null;
            if (top is null && (commandLineChardevs.Count == 0 || root.HasPath("muxactors")))
                return [];
            _defaults = top is not null && top.HasPath("defaults") ? Guard(() => top.GetConfig("defaults")) : null;
            if (_defaults is not null)
                CheckSettingsKeys(_defaults, "defaults", KnownKeys.Mux.Except(["type", "frontend", "backends"]));
            if (top is not null)
                ReadNamedChardevs(top);
            ReadQemuChardevs(top, commandLineChardevs);
            var blocks = ReadMuxBlocks(top);
            var muxes = new List<MuxDefinition>();
            foreach (var block in blocks)
                _muxKinds[block.Name] = block.Type;
            foreach (var block in blocks)
            {
                if ((block.Type == MuxFe ? ReadFrontendMux(block) : ReadMux(block)) is { } mux)
                    muxes.Add(mux);
            }
            foreach (var chardev in _named.Values)
            {
                if (chardev.MuxBeId is { } target && _muxKinds.GetValueOrDefault(target) != MuxBe)
                    Error(chardev.Config, "mux-be-id", _muxKinds.ContainsKey(target)
                        ? $"chardev '{chardev.Id}': mux-be-id '{target}' names a mux-fe (join it with mux-fe-id)"
                        : $"chardev '{chardev.Id}': mux-be-id '{target}' can't be found (no mux with that id)");
                if (chardev.MuxFeId is { } fe && _muxKinds.GetValueOrDefault(fe) != MuxFe)
                    Error(chardev.Config, "mux-fe-id", _muxKinds.ContainsKey(fe)
                        ? $"chardev '{chardev.Id}': mux-fe-id '{fe}' names a mux-be (join it with mux-be-id)"
                        : $"chardev '{chardev.Id}': mux-fe-id '{fe}' can't be found (no mux-fe with that id)");
            }
            return muxes;
        }

        private void ReadNamedChardevs(HoconConfig top)
        {
            if (!top.HasPath("chardevs") || Guard(() => top.GetConfig("chardevs")) is not { } chardevs)
                return;
            foreach (var id in chardevs.Root.Keys)
            {
                Guard(() =>
                {
                    var config = chardevs.GetConfig(Key(id));
                    var type = ReadType(config, id);
                    var muxBeId = config.HasPath("mux-be-id") ? config.GetString("mux-be-id") : null;
                    var muxFeId = config.HasPath("mux-fe-id") ? config.GetString("mux-fe-id") : null;
                    if (muxBeId is not null && muxFeId is not null)
                        throw new HoconException(config.GetValue("mux-fe-id")!.Origin, config.PathPrefix + ".mux-fe-id", MuxAndMuxBe);
                    return _named[id] = new NamedChardev(id, type, config, muxBeId) { MuxFeId = muxFeId };
                });
            }
        }

        private List<MuxBlock> ReadMuxBlocks(HoconConfig? top)
        {
            var blocks = new List<MuxBlock>();
            if (top is not null && top.HasPath("muxes") && Guard(() => top.GetConfig("muxes")) is { } muxes)
            {
                foreach (var name in muxes.Root.Keys)
                {
                    var config = Guard(() => muxes.GetConfig(Key(name)));
                    if (config is null)
                        continue;
                    var type = Guard(() => config.GetString("type", MuxBe));
                    if (type is not null && CheckMuxType(config, name, type))
                        blocks.Add(new MuxBlock(name, config, Inline: true, type));
                }
            }
            foreach (var named in _named.Values)
            {
                if (named.Type is not (MuxBe or MuxFe) || !CheckMuxType(named.Config, named.Id, named.Type))
                    continue;
                if (blocks.Any(b => b.Name == named.Id))
                    Error(named.Config, "type", $"mux '{named.Id}' is defined twice (in muxactors.muxes and muxactors.chardevs)");
                else
                    blocks.Add(new MuxBlock(named.Id, named.Config, Inline: false, named.Type));
            }
            return blocks;
        }

        private bool CheckMuxType(HoconConfig config, string name, string type)
        {
            if (type is MuxBe or MuxFe)
            {
                if (ActorNames.Problem(name) is not { } problem)
                    return true;
                Error(config, "", $"mux id '{name}' is not usable: {problem}");
                return false;
            }
            Error(config, "type", $"mux '{name}': type must be mux-be or mux-fe (was '{type}')");
            return false;
        }

        private T? Guard<T>(Func<T> read) where T : class
        {
            try
            {
                return read();
            }
            catch (HoconException ex)
            {
                Errors.Add(ConfigError.From(ex));
                return null;
            }
        }

        private void Error(HoconConfig config, string key, string message)
        {
            var origin = (key.Length > 0 ? config.GetValue(key)?.Origin : null) ?? config.Root.Origin;
            var path = key.Length == 0 ? config.PathPrefix : config.PathPrefix.Length == 0 ? key : config.PathPrefix + "." + key;
            Errors.Add(new ConfigError(message, origin, path));
        }

        /// <summary>The chardev type; an unquoted <c>type = null</c> is a HOCON null, read as the "null" kind it names.</summary>
        private static string ReadType(HoconConfig config, string id) => config.GetValue("type") switch
        {
            null => throw Missing(config, "type", $"chardev '{id}': 'type' is not defined"),
            HoconScalar { IsNull: true } => "null",
            _ => config.GetString("type"),
        };

        private static HoconException Missing(HoconConfig config, string key, string message) =>
            new(config.Root.Origin, config.PathPrefix.Length == 0 ? key : config.PathPrefix + "." + key, message);

        private static PortRole RoleFor(bool frontend) => frontend ? PortRole.Frontend : PortRole.Backend;
    }
}
