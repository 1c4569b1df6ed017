namespace MuxActors.Service.Tests;

/// <summary>
/// Base of the tests that run the real service against a stand-in VM console: a scratch folder with the VM's
/// socket (<c>vm.sock</c>) in it, both removed when the test ends.
/// </summary>
/// <param name="prefix">The scratch folder's name prefix.</param>
/// <param name="startVm">Starts the VM listening on the path given.</param>
public abstract class ConsoleVmTests<TVm>(string prefix, Func<string, TVm> startVm) : IAsyncLifetime where TVm : class, IAsyncDisposable
{
    private TVm? _vm;

    /// <summary>The scratch folder.</summary>
    protected string Dir { get; } = Directory.CreateTempSubdirectory(prefix).FullName;

    /// <summary>The VM, once the test started.</summary>
    protected TVm Vm => _vm ?? throw new InvalidOperationException("the VM starts with the test");

    public Task InitializeAsync()
    {
        _vm = startVm(Path.Combine(Dir, "vm.sock"));
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        if (_vm is not null)
            await _vm.DisposeAsync();
        Directory.Delete(Dir, recursive: true);
    }
}
