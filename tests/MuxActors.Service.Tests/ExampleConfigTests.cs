namespace MuxActors.Service.Tests;

/// <summary>Every shipped configuration passes <c>muxactors --check</c>.</summary>
public sealed class ExampleConfigTests
{
    public static TheoryData<string> Configs()
    {
        var root = RepoRoot();
        var data = new TheoryData<string>();
        foreach (var file in Directory.EnumerateFiles(Path.Combine(root, "config"), "*.conf").Order(StringComparer.Ordinal))
            data.Add(Path.GetRelativePath(root, file));
        data.Add("hocon.conf");
        return data;
    }

    [Theory]
    [MemberData(nameof(Configs))]
    public async Task Shipped_configuration_passes_check(string relativePath)
    {
        await using var service = ServiceProcess.Start(RepoRoot(), null, "--check", "--config", relativePath);
        var exit = await service.WaitForExitAsync();
        Assert.True(exit == 0, service.Output);
        Assert.Contains(service.Lines, l => l.Contains(": OK, ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Check_reports_every_error_and_exits_1()
    {
        var dir = Directory.CreateTempSubdirectory("muxactors-check-").FullName;
        try
        {
            var path = Path.Combine(dir, "bad.conf");
            await File.WriteAllTextAsync(path, "muxactors.muxes {\n  a { backends { x { type = null } } }\n  b { frontend { type = null }, backends { x { type = null } } }\n}\n");
            await using var service = ServiceProcess.Start(dir, null, "--check", "--config", path);
            Assert.Equal(1, await service.WaitForExitAsync());
            Assert.Contains(service.Lines, l => l.Contains("bad.conf:2:", StringComparison.Ordinal) && l.Contains("no frontend defined", StringComparison.Ordinal));
            Assert.Contains(service.Lines, l => l.Contains("bad.conf:3:", StringComparison.Ordinal) && l.Contains("can't be a frontend", StringComparison.Ordinal));
            Assert.Contains(service.Lines, l => l.Contains("2 error(s)", StringComparison.Ordinal));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    internal static string RepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "MuxActors.sln")))
                return dir.FullName;
        }
        throw new InvalidOperationException("MuxActors.sln not found above " + AppContext.BaseDirectory);
    }
}
