using Microsoft.Extensions.Logging;

namespace MuxActors.Actors.Internal;

/// <summary>System-message processing: creation, restart, stop and failure reporting.</summary>
internal sealed partial class ActorCell
{
    private void ProcessSystemMessages()
    {
        while (!_dead && _systemQueue.TryDequeue(out var message))
        {
            switch (message)
            {
                case Create: HandleCreate(); break;
                case Terminate: HandleTerminate(); break;
                case Resume: _suspended = false; break;
                case Recreate r: HandleRecreate(r.Cause); break;
                case Failed f: HandleChildFailed(f.Child, f.Cause); break;
                case Watch w: HandleWatch(w); break;
                case Unwatch u: HandleUnwatch(u); break;
                case DeathWatchNotification d: HandleDeathWatchNotification(d.Actor); break;
            }
        }
    }

    private void HandleCreate()
    {
        try
        {
            CreateInstance();
            _actor!.PreStart();
        }
        catch (Exception ex)
        {
            FailInitialization(ex, "start");
        }
    }

    private void FailInitialization(Exception ex, string phase)
    {
        var wrapped = ex as ActorInitializationException
            ?? new ActorInitializationException($"Actor '{Path}' failed to {phase}: {ex.Message}", ex);
        HandleInvokeFailure(wrapped);
    }

    /// <summary>The current message (or start) failed: suspend and ask the parent what to do.</summary>
    private void HandleInvokeFailure(Exception cause)
    {
        if (_terminating)
        {
            Log.LogError(cause, "Actor {Path} failed while stopping", Path);
            return;
        }
        _suspended = true;
        _timers?.CancelAll(); // a suspended actor must not pile up ticks
        if (ParentCell is { } parent)
        {
            parent.PostSystem(new Failed(Self, cause));
        }
        else
        {
            Log.LogCritical(cause, "The root guardian failed; stopping it");
            HandleTerminate();
        }
    }

    private void HandleRecreate(Exception cause)
    {
        if (_terminating)
            return;
        var failed = _actor;
        try
        {
            failed?.PreRestart(cause, _current.Message);
        }
        catch (Exception ex)
        {
            Log.LogError(ex, "PreRestart of {Path} threw; restarting anyway", Path);
        }
        _timers?.CancelAll();
        _stash?.UnstashAll(); // a restart keeps the mailbox, stashed messages included
        _actor = null;
        if (ChildCount > 0)
        {
            // Wait for the children the old instance stopped, so the new one can reuse their names.
            _pendingRecreate = cause;
            foreach (var child in ChildrenSnapshot())
                child.SendSystem(Terminate.Instance);
            return;
        }
        FinishRecreate(cause);
    }

    private void FinishRecreate(Exception cause)
    {
        _pendingRecreate = null;
        _suspended = false;
        try
        {
            CreateInstance();
            _actor!.PostRestart(cause);
        }
        catch (Exception ex)
        {
            FailInitialization(ex, "restart");
        }
    }

    private void HandleTerminate()
    {
        if (_terminating || _dead)
            return;
        _terminating = true;
        _timers?.CancelAll();
        if (ChildCount == 0)
        {
            FinishTerminate();
            return;
        }
        foreach (var child in ChildrenSnapshot())
            child.SendSystem(Terminate.Instance);
    }

    private void FinishTerminate()
    {
        try
        {
            _actor?.PostStop();
        }
        catch (Exception ex)
        {
            Log.LogError(ex, "PostStop of {Path} threw", Path);
        }
        _actor = null;
        DisposeChildTimers();
        lock (_deathLock)
            _dead = true;
        DrainToDeadLetters();
        UnwatchAll();
        NotifyWatchers();
        ParentCell?.PostSystem(new DeathWatchNotification(Self));
        // Anything that raced in before _dead was set is answered as for a dead actor.
        while (_systemQueue.TryDequeue(out var late))
            HandleSystemMessageAfterDeath(late);
        System.OnCellTerminated(this);
    }

    private void HandleSystemMessageAfterDeath(SystemMessage message)
    {
        if (message is Watch { Watcher: var watcher } w && ReferenceEquals(w.Watchee, Self) && !ReferenceEquals(watcher, Self))
            watcher.SendSystem(new DeathWatchNotification(Self));
    }
}
