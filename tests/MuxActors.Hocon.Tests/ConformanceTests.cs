using System.Text.Json;
using Xunit.Abstractions;

namespace MuxActors.Hocon.Tests;

/// <summary>
/// lightbend/config's equivNN cases from ../shared/conformance/hocon: every .conf/.json file at the top of
/// each folder must resolve, without environment variables, to exactly the tree of its original.json.
/// Files in sub-folders are include fragments, exercised through the files that include them.
/// </summary>
public sealed class ConformanceTests(ITestOutputHelper output)
{
    public static TheoryData<string, string> Cases()
    {
        var data = new TheoryData<string, string>();
        var root = TestPaths.ConformanceDirectory;
        if (root is null)
        {
            return data;
        }

        foreach (var dir in Directory.GetDirectories(root, "equiv*").Order(StringComparer.Ordinal))
        {
            foreach (var file in Directory.GetFiles(dir).Order(StringComparer.Ordinal))
            {
                var name = Path.GetFileName(file);
                var ext = Path.GetExtension(file);
                if (name != "original.json" && (ext == ".conf" || ext == ".json"))
                {
                    data.Add(Path.GetFileName(dir), name);
                }
            }
        }

        return data;
    }

    [ConformanceTheory]
    [MemberData(nameof(Cases))]
    public void File_resolves_to_the_original_json(string folder, string file)
    {
        var dir = Path.Combine(TestPaths.ConformanceDirectory!, folder);
        var actual = HoconParser.ParseFile(Path.Combine(dir, file), Options.NoEnvironment());
        using var expected = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "original.json")));
        TreeAssert.Equal(expected.RootElement, actual);
        output.WriteLine($"{folder}/{file}: matches original.json");
    }

    [ConformanceFact]
    public void Every_folder_has_cases_and_properties_files_are_reported()
    {
        var root = TestPaths.ConformanceDirectory!;
        var folders = Directory.GetDirectories(root, "equiv*");
        Assert.Equal(5, folders.Length);
        foreach (var dir in folders)
        {
            Assert.True(File.Exists(Path.Combine(dir, "original.json")), $"{dir} has no original.json");
            Assert.Contains(Cases(), row => (string)row[0] == Path.GetFileName(dir));
        }

        // .properties files are not compared on their own (they are fragments, not whole documents);
        // they are parsed as Java properties where an extension-less include finds them.
        foreach (var file in Directory.GetFiles(root, "*.properties", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            output.WriteLine($"skipped as a standalone case: {Path.GetRelativePath(root, file)} (.properties; loaded through includes instead)");
        }
    }
}
