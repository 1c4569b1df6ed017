namespace MuxActors.Core.Config.Qemu;

/// <summary>A named chardev block generated from QEMU option strings.</summary>
/// <param name="Id">The chardev id.</param>
/// <param name="Type">Its kind, or <c>mux-be</c>.</param>
/// <param name="Hocon">The block, <c>"ID" { ... }</c>.</param>
/// <param name="MuxBeId">The mux it joins, if any.</param>
/// <param name="Source">The option string it came from.</param>
public sealed record QemuGeneratedChardev(string Id, string Type, string Hocon, string? MuxBeId, QemuSource Source);

/// <summary>
/// Translates a set of QEMU option strings together and applies QEMU's rules between them: unique ids, hub members
/// that exist, are not multiplexers and belong to one mux only; one console per mux; log files on a mux.
/// </summary>
public sealed class QemuChardevSet
{
    private readonly Dictionary<string, (QemuChardev Chardev, QemuSource Source)> _chardevs = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _owner = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _frontend = new(StringComparer.Ordinal);
    private readonly HashSet<string> _failed = new(StringComparer.Ordinal);
    private readonly IReadOnlyDictionary<string, string> _existing;

    private QemuChardevSet(IReadOnlyDictionary<string, string> existing) => _existing = existing;

    /// <summary>Every problem found, each at its option string.</summary>
    public List<ConfigError> Errors { get; } = [];

    /// <summary>The named chardev blocks to add to the configuration.</summary>
    public List<QemuGeneratedChardev> Generated { get; } = [];

    /// <summary>
    /// Translates <paramref name="sources"/>; <paramref name="existing"/> maps the ids of chardevs defined otherwise
    /// (HOCON) to their types, for duplicate ids and hub members.
    /// </summary>
    public static QemuChardevSet Build(IEnumerable<QemuSource> sources, IReadOnlyDictionary<string, string> existing)
    {
        ArgumentNullException.ThrowIfNull(sources);
        ArgumentNullException.ThrowIfNull(existing);
        var set = new QemuChardevSet(existing);
        foreach (var source in sources)
            set.Add(source);
        foreach (var (chardev, _) in set._chardevs.Values.Where(c => c.Chardev.MuxBeId is not null))
            set._owner[chardev.Id] = chardev.MuxBeId!;
        foreach (var (hub, source) in set._chardevs.Values.Where(c => c.Chardev.HubMembers is not null))
            set.ClaimMembers(hub, source);
        foreach (var (mux, source) in set._chardevs.Values.Where(c => c.Chardev.IsMux))
            set.FindFrontend(mux, source);
        set.CheckConsolesAndLogs();
        set.Generate();
        return set;
    }

    private void Add(QemuSource source)
    {
        QemuOptions? options = null;
        try
        {
            options = QemuOptions.Parse(source.Text);
            var chardev = QemuChardevTranslator.Translate(options);
            foreach (var id in new[] { chardev.Id, chardev.LogFile is null ? null : chardev.LogChardevId, chardev.FrontendMux is null ? null : chardev.BaseId }.OfType<string>())
            {
                if (_existing.ContainsKey(id) || _chardevs.ContainsKey(id) || _chardevs.Values.Any(c => c.Chardev.LogFile is not null && c.Chardev.LogChardevId == id))
                    throw new QemuOptionException($"Chardev with id '{id}' already exists", "id");
            }
            _chardevs[chardev.Id] = (chardev, source);
        }
        catch (QemuOptionException ex)
        {
            Errors.Add(source.Error(ex.Message));
            // Later strings that name this one are not reported again for it.
            if (options?.Id is { } id && !_chardevs.ContainsKey(id))
                _failed.Add(id);
        }
    }

    private void ClaimMembers(QemuChardev hub, QemuSource source)
    {
        foreach (var member in hub.HubMembers!)
        {
            if (_failed.Contains(member))
                continue;
            var known = _chardevs.TryGetValue(member, out var qemu);
            if (!known && !_existing.ContainsKey(member))
                Fail(hub.Id, source, $"hub: chardev can't be found by id '{member}'");
            else if (member == hub.Id || (known ? qemu.Chardev.IsMux || qemu.Chardev.FrontendMux is not null : _existing[member] is ServiceConfigReader.MuxBe or ServiceConfigReader.MuxFe))
                Fail(hub.Id, source, QemuChardevTranslator.StackingMessage(member));
            else if (!_owner.TryAdd(member, hub.Id))
                Fail(hub.Id, source, $"chardev '{member}' is already in use");
        }
    }

    private void FindFrontend(QemuChardev mux, QemuSource source)
    {
        var consoles = _chardevs.Values.Where(c => c.Chardev.Console && _owner.GetValueOrDefault(c.Chardev.Id) == mux.Id).ToList();
        if (mux.Frontend is { } named)
            _frontend[mux.Id] = named;
        foreach (var (console, consoleSource) in consoles)
        {
            if (!_frontend.TryAdd(mux.Id, console.Id))
                Fail(mux.Id, consoleSource, $"chardev '{mux.Id}' is already in use"); // QEMU's words for a second frontend
        }
        if (!_frontend.ContainsKey(mux.Id) && !_failed.Contains(mux.Id))
            Fail(mux.Id, source, $"{mux.Options.Backend} '{mux.Id}' has no console: name it with frontend=ID, or mark one of its chardevs console=on");
    }

    private void CheckConsolesAndLogs()
    {
        foreach (var (chardev, source) in _chardevs.Values)
        {
            if (chardev.Console && !_owner.ContainsKey(chardev.Id))
                Fail(chardev.Id, source, $"console=on: chardev '{chardev.Id}' belongs to no mux (set mux-be-id)");
            else if (chardev.Console && !_chardevs.ContainsKey(_owner[chardev.Id]))
                Fail(chardev.Id, source, $"console=on: mux '{_owner[chardev.Id]}' is not defined with -chardev (set its frontend in its own block)");
            if (chardev.LogFile is not null && chardev.FrontendMux is not null)
                Fail(chardev.Id, source, "logfile: not available with mux=on (a frontend mux has one backend; log through a mux-be)");
            else if (chardev.LogFile is not null && !chardev.IsMux && !_owner.ContainsKey(chardev.Id))
                Fail(chardev.Id, source, $"logfile: chardev '{chardev.Id}' belongs to no mux (MuxActors logs a mux's output: set mux-be-id)");
        }
    }

    private void Generate()
    {
        foreach (var (chardev, source) in _chardevs.Values)
        {
            var mux = chardev.IsMux ? chardev.Id : _owner.GetValueOrDefault(chardev.Id);
            if (_failed.Contains(chardev.Id) || (mux is not null && _failed.Contains(mux)))
                continue;
            var frontend = _frontend.GetValueOrDefault(chardev.Id);
            var isConsole = mux is not null && _frontend.GetValueOrDefault(mux) == chardev.Id;
            // Hub members are listed by the hub and a console is named by its mux: only mux-be-id members join by id.
            var joins = isConsole ? null : chardev.MuxBeId;
            var backends = chardev.HubMembers?.Where(m => m != frontend).ToList();
            if (chardev.FrontendMux is not null)
            {
                // QEMU's mux=on: the real chardev becomes ID-base, the mux takes the id the devices name.
                Generated.Add(new(chardev.BaseId, chardev.Type, chardev.ToHocon(chardev.BaseId, null, null, null), null, source));
                Generated.Add(new(chardev.Id, ServiceConfigReader.MuxFe, chardev.FrontendMuxHocon(exitOnDetach: source.Element is null), null, source));
                continue;
            }
            Generated.Add(new(chardev.Id, chardev.Type, chardev.ToHocon(frontend, backends, joins), joins, source));
            if (chardev.LogFile is { } log)
            {
                var file = new QemuChardev(chardev.Options, chardev.LogChardevId, "file",
                    [new("path", QemuChardev.Quote(log)), new("append", chardev.LogAppend ? "on" : "off")]);
                Generated.Add(new(file.Id, file.Type, file.ToHocon(null, null, mux), mux, source));
            }
        }
    }

    private void Fail(string id, QemuSource source, string message)
    {
        Errors.Add(source.Error(message));
        _failed.Add(id);
    }
}
