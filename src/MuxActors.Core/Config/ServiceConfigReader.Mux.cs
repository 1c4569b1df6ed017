using MuxActors.Core.Chardevs;
using MuxActors.Core.Mux;
using MuxActors.Core.Output;
using MuxActors.Hocon;
using MuxActors.Core.Supervision;

namespace MuxActors.Core.Config;

/// <summary>Reading one mux: its members, settings and the membership rules.</summary>
public sealed partial class ServiceConfigReader
{
    private sealed partial class Run
    {
        private MuxDefinition? ReadMux(MuxBlock block)
        {
            var (name, config) = (block.Name, block.Config);
            var before = Errors.Count;
            CheckSettingsKeys(config, $"mux '{name}'", KnownKeys.Mux);
            var settings = ReadSettings(config);
            var layers = new LayeredSettings((config, "output"), (_defaults, "output"));

            ChardevSpec? frontend = null;
            if (!config.HasPath("frontend"))
                Error(config, "", $"mux '{name}': no frontend defined (set 'frontend' to a chardev block or id)");
            else if (config.GetValue("frontend") is HoconObject)
                frontend = Guard(() => BuildSpec(InlineFrontendId, config.GetConfig("frontend"), layers, frontend: true));
            else
                frontend = Member(name, config, Guard(() => config.GetString("frontend")), "frontend", layers, frontend: true);

            var backends = new List<ChardevSpec>();
            if (config.HasPath("backends"))
            {
                switch (config.GetValue("backends"))
                {
                    case HoconObject inline:
                        foreach (var id in inline.Keys)
                        {
                            if (Guard(() => BuildSpec(id, config.GetConfig("backends." + Key(id)), layers, frontend: false)) is { } spec)
                                backends.Add(spec);
                        }
                        break;
                    case HoconArray:
                        foreach (var id in Guard(() => config.GetStringList("backends")) ?? [])
                        {
                            if (Member(name, config, id, "backends", layers, frontend: false) is { } spec)
                                backends.Add(spec);
                        }
                        break;
                    default:
                        Error(config, "backends", $"mux '{name}': 'backends' must be an object of chardev blocks or a list of chardev ids");
                        break;
                }
            }
            foreach (var joining in _named.Values.Where(c => c.MuxBeId == name && c.MuxFeId is null))
            {
                if (Member(name, config, joining.Id, "", layers, frontend: false, via: joining.Config) is { } spec)
                    backends.Add(spec);
            }

            if (backends.Count == 0 && Errors.Count == before)
                Error(config, "", $"mux '{name}': 'backends' is not defined (a mux needs at least one backend)");
            if (settings is not null && backends.Count > settings.MaxBackends)
                Error(config, "backends", $"too many backends for mux '{name}' (maximum is {settings.MaxBackends})");
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var spec in backends.Prepend(frontend))
            {
                if (spec is not null && !seen.Add(spec.Id))
                    Errors.Add(new ConfigError($"chardev '{spec.Id}' is already in use by mux '{name}'", spec.Origin, spec.KeyPath));
            }
            foreach (var spec in backends.Prepend(frontend))
            {
                if (spec is not null)
                    Claim(name, spec, frontend: ReferenceEquals(spec, frontend));
            }
            return Errors.Count > before || frontend is null || settings is null
                ? null
                : new MuxDefinition(name, frontend, backends, settings, config.Root.Origin);
        }

        /// <summary>A named chardev used by a mux: it must exist, not be a mux, and belong to no other mux.</summary>
        private ChardevSpec? Member(string mux, HoconConfig muxConfig, string? id, string key, LayeredSettings layers, bool frontend, HoconConfig? via = null)
        {
            if (id is null)
                return null;
            if (!_named.TryGetValue(id, out var chardev))
            {
                Error(muxConfig, key, $"mux '{mux}': chardev can't be found by id '{id}'");
                return null;
            }
            if (chardev.Type is MuxBe or MuxFe)
            {
                Error(via ?? muxConfig, key, $"muxes can't be stacked: chardev '{id}' used by mux '{mux}' is itself a mux");
                return null;
            }
            if (_usedBy.TryGetValue(id, out var owner))
            {
                // QEMU's words (mux-be series) for one chardev in a mux-fe and a mux-be.
                Error(via ?? muxConfig, key, _muxKinds.GetValueOrDefault(owner) != _muxKinds.GetValueOrDefault(mux) ? MuxAndMuxBe : owner == mux
                    ? $"chardev '{id}' is already in use by mux '{mux}' (listed twice)"
                    : $"chardev '{id}' is already in use by mux '{owner}'");
                return null;
            }
            _usedBy[id] = mux;
            return Guard(() => BuildSpec(id, chardev.Config, layers, frontend));
        }

        private ChardevSpec BuildSpec(string id, HoconConfig config, LayeredSettings layers, bool frontend)
        {
            if (ActorNames.Problem(id) is { } problem)
                throw new HoconException(config.Root.Origin, config.PathPrefix, $"chardev id '{id}' is not usable: {problem}");
            var type = ReadType(config, id);
            var kind = registry.Find(type) ?? throw new HoconException(config.GetValue("type")!.Origin, config.PathPrefix + ".type",
                $"chardev '{id}': unknown type '{type}' (known types: {string.Join(", ", registry.Types)})");
            if (frontend ? !kind.CanBeFrontend : !kind.CanBeBackend)
                throw new HoconException(config.GetValue("type")!.Origin, config.PathPrefix + ".type",
                    $"chardev '{id}' of type '{type}' can't be a {(frontend ? "frontend" : "backend")}");
            if (kind.OptionKeys is { } keys)
                Errors.AddRange(KnownKeys.Check(config, $"chardev '{id}' ({type})", frontend ? keys.Append("type").Append("mux-fe-id") : keys.Concat(KnownKeys.Backend)));
            var spec = new ChardevSpec(id, type, config, config.Root.Origin, config.PathPrefix);
            if (frontend)
                return spec;
            var own = layers.Prepend(config, "");
            var sink = new SinkOptions(
                own.Get("on-overflow", (c, p) => c.GetEnum<OverflowPolicy>(p), OverflowPolicy.Block),
                own.Get("replay", (c, p) => c.GetBytes(p), 0L),
                own.Get("mark-drops", (c, p) => c.GetBoolean(p), false),
                own.Get("stall-timeout", (c, p) => c.GetDuration(p), TimeSpan.FromSeconds(30)));
            if (sink.Replay < 0)
                throw new HoconException(config.Root.Origin, config.PathPrefix + ".replay", $"chardev '{id}': replay must not be negative");
            return spec with { Sink = sink, ReadOnly = config.GetBoolean("read-only", false) };
        }

        /// <summary>Reports unknown keys in a mux (or defaults) block and in its output, input and restart blocks.</summary>
        private void CheckSettingsKeys(HoconConfig block, string what, IEnumerable<string> known)
        {
            Errors.AddRange(KnownKeys.Check(block, what, known));
            foreach (var (key, keys) in new[] { ("output", KnownKeys.Output), ("input", KnownKeys.Input), ("restart", KnownKeys.Restart) })
            {
                if (block.GetValue(key) is HoconObject)
                    Errors.AddRange(KnownKeys.Check(block.GetConfig(key), $"{what} {key}", keys));
            }
        }

        private MuxSettings? ReadSettings(HoconConfig mux)
        {
            var s = new LayeredSettings((mux, ""), (_defaults, ""));
            var d = MuxSettings.Default;
            try
            {
                var high = s.Get("output.high-water", (c, p) => c.GetBytes(p), d.Output.HighWater);
                var low = s.Get("output.low-water", (c, p) => c.GetBytes(p), Math.Min(d.Output.LowWater, high / 4));
                var output = new OutputSettings(high, low,
                    s.Get("output.window", (c, p) => c.GetBytes(p), Math.Max(4096, high / 2)),
                    s.Get("output.max-lag", (c, p) => c.GetBytes(p), Math.Max(d.Output.MaxLag, high * 4)));
                var inHigh = s.Get("input.high-water", (c, p) => c.GetBytes(p), d.InputHighWater);
                var inLow = s.Get("input.low-water", (c, p) => c.GetBytes(p), Math.Min(d.InputLowWater, inHigh / 4));
                var restart = new BackoffOptions(
                    s.Get("restart.min-backoff", (c, p) => c.GetDuration(p), d.Restart.MinBackoff),
                    s.Get("restart.max-backoff", (c, p) => c.GetDuration(p), d.Restart.MaxBackoff),
                    s.Get("restart.random-factor", (c, p) => c.GetDouble(p), d.Restart.RandomFactor),
                    s.Get<TimeSpan?>("restart.reset-after", (c, p) => c.GetDuration(p), null));
                var settings = new MuxSettings(output, inHigh, inLow, restart,
                    s.Get("notify", (c, p) => c.GetBoolean(p), d.Notify),
                    s.Get("max-backends", (c, p) => c.GetInt32(p), d.MaxBackends));
                return Check(mux, settings);
            }
            catch (HoconException ex)
            {
                Errors.Add(ConfigError.From(ex));
                return null;
            }
        }

        private MuxSettings? Check(HoconConfig mux, MuxSettings settings)
        {
            try
            {
                settings.Output.Validate();
                settings.Restart.Validate();
                _ = new Input.InputBudget(settings.InputHighWater, settings.InputLowWater);
                if (settings.MaxBackends < 1)
                    throw new ArgumentException($"max-backends must be at least 1 (was {settings.MaxBackends})");
                return settings;
            }
            catch (ArgumentException ex)
            {
                Error(mux, "", $"mux '{mux.PathPrefix}': {ex.Message}");
                return null;
            }
        }

        private void Claim(string mux, ChardevSpec spec, bool frontend)
        {
            var kind = registry.Find(spec.Type);
            if (kind is null)
                return;
            try
            {
                foreach (var resource in kind.Validate(spec, RoleFor(frontend)))
                {
                    if (_claims.TryGetValue(resource, out var other))
                        Errors.Add(new ConfigError($"chardev '{spec.Id}' (mux '{mux}') and chardev '{other.Id}' can't both use {resource}", spec.Origin, spec.KeyPath));
                    else
                        _claims[resource] = spec;
                }
            }
            catch (HoconException ex)
            {
                Errors.Add(ConfigError.From(ex));
            }
        }
    }
}
