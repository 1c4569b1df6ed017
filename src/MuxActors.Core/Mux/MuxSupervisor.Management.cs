using Akka.Actor;
using MuxActors.Core.Chardevs;
using MuxActors.Core.Protocol;

namespace MuxActors.Core.Mux;

/// <summary>Run-time changes and status of a mux.</summary>
public sealed partial class MuxSupervisor
{
    private MuxCommandResult Add(ChardevSpec spec)
    {
        if (_backends.ContainsKey(spec.Id) || spec.Id == _definition.Frontend.Id)
            return new(false, $"chardev '{spec.Id}' is already in use by mux '{Name}'", "conflict");
        if (_backends.Count >= _definition.Settings.MaxBackends)
            return new(false, $"too many backends for mux '{Name}' (maximum is {_definition.Settings.MaxBackends})", "limit");
        if (_registry.Find(spec.Type) is not { CanBeBackend: true })
            return new(false, $"chardev type '{spec.Type}' can't be a backend", "invalid");
        _backends.Add(spec.Id, spec);
        RecomputeReplayRetention();
        try
        {
            Track(spec.Id, StartChardev(spec, PortRole.Backend));
        }
        catch (Exception ex)
        {
            _backends.Remove(spec.Id); // a failed start leaves nothing behind
            RecomputeReplayRetention();
            return new(false, ex.Message, "invalid");
        }
        return MuxCommandResult.Success;
    }

    private MuxCommandResult Remove(string id)
    {
        if (!_backends.Remove(id))
            return new(false, $"Chardev '{id}' not found in mux '{Name}'", "not-found");
        RecomputeReplayRetention();
        _startWhenStopped.Remove(id);
        if (_chardevActors.Remove(id, out var actor))
        {
            foreach (var (port, entry) in _ports.ToArray())
            {
                if (entry.Info.ChardevId == id)
                    ClosePort(port, "backend removed");
            }
            Context.Stop(actor);
        }
        return MuxCommandResult.Success;
    }

    /// <summary>Reload: keep unchanged backends (and their clients), replace changed ones, add and remove the rest.</summary>
    private void Apply(MuxDefinition next)
    {
        var wanted = next.Backends.ToDictionary(b => b.Id, StringComparer.Ordinal);
        foreach (var id in _backends.Keys.ToArray())
        {
            if (!wanted.TryGetValue(id, out var spec) || !spec.SameSettingsAs(_backends[id]))
                Remove(id);
        }
        foreach (var spec in next.Backends)
        {
            if (!_backends.ContainsKey(spec.Id))
                Add(spec);
        }
    }

    private void Forward(ForwardToChardev forward)
    {
        if (_chardevActors.TryGetValue(forward.Id, out var actor))
            actor.Tell(forward.Message, Sender);
        else
            Sender?.Tell(new MuxCommandResult(false, $"Chardev '{forward.Id}' not found in mux '{Name}'", "not-found"));
    }

    private MuxStatus Status() =>
        new(Name, _frontendPort is not null, _definition.Frontend.Id, _fanout.Log.Head, _inputOffset, _inputDiscarded,
            _fanout.FrontendPaused, _input.Paused, [.. _backends.Keys], _ports.Describe(_fanout), _restarts.Snapshot(), _started);
}
