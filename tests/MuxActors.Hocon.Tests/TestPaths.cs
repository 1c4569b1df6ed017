namespace MuxActors.Hocon.Tests;

/// <summary>Locates the repository root (the folder holding MuxActors.sln) and the shared test data beside it.</summary>
internal static class TestPaths
{
    private static readonly Lazy<string?> RepoRootLazy = new(() =>
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "MuxActors.sln")))
            {
                return dir.FullName;
            }
        }

        return null;
    });

    public static string? RepoRoot => RepoRootLazy.Value;

    /// <summary><c>&lt;repo&gt;/../shared/conformance/hocon</c>, or null when it is not there.</summary>
    public static string? ConformanceDirectory
    {
        get
        {
            if (RepoRoot is null)
            {
                return null;
            }

            var dir = Path.GetFullPath(Path.Combine(RepoRoot, "..", "shared", "conformance", "hocon"));
            return Directory.Exists(dir) ? dir : null;
        }
    }
}

/// <summary>
/// A theory that reports skipped (never passed) when the shared conformance data is absent:
/// xunit 2 has no dynamic skip, so the decision is made when the attribute is constructed.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class ConformanceTheoryAttribute : TheoryAttribute
{
    public ConformanceTheoryAttribute()
    {
        if (TestPaths.ConformanceDirectory is null)
        {
            Skip = "../shared/conformance/hocon was not found beside the repository root";
        }
    }
}

/// <summary>A fact with the same skip rule as <see cref="ConformanceTheoryAttribute"/>.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class ConformanceFactAttribute : FactAttribute
{
    public ConformanceFactAttribute()
    {
        if (TestPaths.ConformanceDirectory is null)
        {
            Skip = "../shared/conformance/hocon was not found beside the repository root";
        }
    }
}
