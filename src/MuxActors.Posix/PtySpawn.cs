using System.Collections;
using MuxActors.Posix.Interop;

namespace MuxActors.Posix;

/// <summary>posix_spawnp of a program as session leader on a pty slave.</summary>
internal static class PtySpawn
{
    /// <summary>Starts the program; returns its pid once it has exec'd (glibc spawns with CLONE_VFORK).</summary>
    internal static unsafe int Spawn(PtyProcessOptions options, string slavePath)
    {
        using var strings = new NativeStrings();
        byte* file = strings.String(options.Argv[0]);
        byte** argv = strings.Array(options.Argv.ToArray());
        byte** envp = strings.Array(BuildEnvironment(options));
        byte* slave = strings.String(slavePath);
        byte* cwd = options.WorkingDirectory is null ? null : strings.String(options.WorkingDirectory);

        byte* actions = stackalloc byte[Libc.OpaqueSize];
        byte* attributes = stackalloc byte[Libc.OpaqueSize];
        byte* noSignals = stackalloc byte[Libc.OpaqueSize];
        byte* allSignals = stackalloc byte[Libc.OpaqueSize];
        Check(Libc.FileActionsInit(actions), "posix_spawn_file_actions_init");
        try
        {
            Check(Libc.SpawnAttrInit(attributes), "posix_spawnattr_init");
            try
            {
                if (cwd is not null)
                {
                    Check(Libc.FileActionsAddChdir(actions, cwd), "posix_spawn_file_actions_addchdir_np");
                }
                // glibc runs setsid() before the file actions, so opening the slave (without
                // O_NOCTTY) as fd 0 makes it the new session's controlling terminal.
                Check(Libc.FileActionsAddOpen(actions, 0, slave, Libc.O_RDWR, 0), "posix_spawn_file_actions_addopen");
                Check(Libc.FileActionsAddDup2(actions, 0, 1), "posix_spawn_file_actions_adddup2");
                Check(Libc.FileActionsAddDup2(actions, 0, 2), "posix_spawn_file_actions_adddup2");
                // .NET ignores SIGPIPE and an ignored signal survives exec: reset every signal to
                // its default and unblock all, so the child behaves as if started from a shell.
                _ = Libc.SigEmptySet(noSignals);
                _ = Libc.SigFillSet(allSignals);
                Check(Libc.SpawnAttrSetSigMask(attributes, noSignals), "posix_spawnattr_setsigmask");
                Check(Libc.SpawnAttrSetSigDefault(attributes, allSignals), "posix_spawnattr_setsigdefault");
                Check(Libc.SpawnAttrSetFlags(attributes, Libc.POSIX_SPAWN_SETSID | Libc.POSIX_SPAWN_SETSIGDEF | Libc.POSIX_SPAWN_SETSIGMASK), "posix_spawnattr_setflags");

                int pid;
                int error = Libc.PosixSpawnp(&pid, file, actions, attributes, argv, envp);
                if (error != 0)
                {
                    string where = options.WorkingDirectory is null ? "" : $" in '{options.WorkingDirectory}'";
                    throw PosixException.FromErrno(error, $"posix_spawnp{where} on {slavePath}", options.Argv[0]);
                }
                return pid;
            }
            finally
            {
                _ = Libc.SpawnAttrDestroy(attributes);
            }
        }
        finally
        {
            _ = Libc.FileActionsDestroy(actions);
        }
    }

    private static void Check(int error, string what)
    {
        if (error != 0)
        {
            throw PosixException.FromErrno(error, what, null);
        }
    }

    private static List<string> BuildEnvironment(PtyProcessOptions options)
    {
        var variables = new Dictionary<string, string>(StringComparer.Ordinal);
        if (options.InheritEnvironment)
        {
            foreach (DictionaryEntry entry in System.Environment.GetEnvironmentVariables())
            {
                variables[(string)entry.Key] = (string?)entry.Value ?? "";
            }
        }
        if (options.Environment is not null)
        {
            foreach ((string name, string? value) in options.Environment)
            {
                if (string.IsNullOrEmpty(name) || name.Contains('=', StringComparison.Ordinal))
                {
                    throw new ArgumentException($"'{name}' is not a valid environment variable name.", nameof(options));
                }
                if (value is null)
                {
                    variables.Remove(name);
                }
                else
                {
                    variables[name] = value;
                }
            }
        }
        return variables.Select(v => $"{v.Key}={v.Value}").ToList();
    }
}
