using System.Runtime.InteropServices;

namespace MuxActors.Posix.Interop;

internal static unsafe partial class Libc
{
    internal const short POSIX_SPAWN_SETSIGDEF = 0x04;
    internal const short POSIX_SPAWN_SETSIGMASK = 0x08;
    internal const short POSIX_SPAWN_SETSID = 0x80;

    /// <summary>Opaque buffer size for posix_spawnattr_t (336 B), posix_spawn_file_actions_t (80 B) and sigset_t (128 B).</summary>
    internal const int OpaqueSize = 512;

    internal const int WNOHANG = 1;
    internal const int WEXITED = 4;
    internal const int WNOWAIT = 0x01000000;
    internal const int P_PID = 1;

    /// <summary>pidfd_open is 434 on every Linux architecture (the unified syscall table).</summary>
    internal const long SYS_pidfd_open = 434;

    /// <summary>Returns 0 or an error number (posix_spawn does not use errno).</summary>
    [LibraryImport(Lib, EntryPoint = "posix_spawnp")]
    internal static partial int PosixSpawnp(int* pid, byte* file, void* fileActions, void* attributes, byte** argv, byte** envp);

    [LibraryImport(Lib, EntryPoint = "posix_spawn_file_actions_init")]
    internal static partial int FileActionsInit(void* fileActions);

    [LibraryImport(Lib, EntryPoint = "posix_spawn_file_actions_destroy")]
    internal static partial int FileActionsDestroy(void* fileActions);

    [LibraryImport(Lib, EntryPoint = "posix_spawn_file_actions_addopen")]
    internal static partial int FileActionsAddOpen(void* fileActions, int fd, byte* path, int flags, uint mode);

    [LibraryImport(Lib, EntryPoint = "posix_spawn_file_actions_adddup2")]
    internal static partial int FileActionsAddDup2(void* fileActions, int fd, int newFd);

    /// <summary>glibc ≥ 2.29.</summary>
    [LibraryImport(Lib, EntryPoint = "posix_spawn_file_actions_addchdir_np")]
    internal static partial int FileActionsAddChdir(void* fileActions, byte* path);

    [LibraryImport(Lib, EntryPoint = "posix_spawnattr_init")]
    internal static partial int SpawnAttrInit(void* attributes);

    [LibraryImport(Lib, EntryPoint = "posix_spawnattr_destroy")]
    internal static partial int SpawnAttrDestroy(void* attributes);

    [LibraryImport(Lib, EntryPoint = "posix_spawnattr_setflags")]
    internal static partial int SpawnAttrSetFlags(void* attributes, short flags);

    [LibraryImport(Lib, EntryPoint = "posix_spawnattr_setsigmask")]
    internal static partial int SpawnAttrSetSigMask(void* attributes, void* sigset);

    [LibraryImport(Lib, EntryPoint = "posix_spawnattr_setsigdefault")]
    internal static partial int SpawnAttrSetSigDefault(void* attributes, void* sigset);

    [LibraryImport(Lib, EntryPoint = "sigemptyset")]
    internal static partial int SigEmptySet(void* sigset);

    [LibraryImport(Lib, EntryPoint = "sigfillset")]
    internal static partial int SigFillSet(void* sigset);

    [LibraryImport(Lib, EntryPoint = "waitpid", SetLastError = true)]
    internal static partial int Waitpid(int pid, int* status, int options);

    /// <summary>waitid; siginfo is an opaque 128-byte buffer.</summary>
    [LibraryImport(Lib, EntryPoint = "waitid", SetLastError = true)]
    internal static partial int Waitid(int idType, int id, void* siginfo, int options);

    [LibraryImport(Lib, EntryPoint = "kill", SetLastError = true)]
    internal static partial int Kill(int pid, int signal);

    /// <summary>syscall(2) with two integer arguments; used for pidfd_open where glibc has no wrapper.</summary>
    [LibraryImport(Lib, EntryPoint = "syscall", SetLastError = true)]
    internal static partial nint Syscall(nint number, nint argument1, nint argument2);
}
