namespace MuxActors.Chaos;

/// <summary>What one scenario measured (figures, in order) and found (problems with the service).</summary>
public sealed class ScenarioReport(string name)
{
    private readonly List<(string Name, string Value)> _figures = [];
    private readonly List<string> _findings = [];
    private readonly Lock _lock = new();

    public string Name { get; } = name;

    public IReadOnlyList<(string Name, string Value)> Figures
    {
        get { lock (_lock) return [.. _figures]; }
    }

    public IReadOnlyList<string> Findings
    {
        get { lock (_lock) return [.. _findings]; }
    }

    public TimeSpan Elapsed { get; set; }

    public void Figure(string name, object value)
    {
        lock (_lock)
            _figures.Add((name, Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture) ?? ""));
    }

    /// <summary>Notes a problem (the first hundred are kept).</summary>
    public void Fail(string finding)
    {
        lock (_lock)
        {
            if (_findings.Count < 100)
                _findings.Add(finding);
        }
    }

    /// <summary>Notes the checker's finding, if any.</summary>
    public void Check(StreamChecker checker)
    {
        if (checker.Finding is { } finding)
            Fail(finding);
    }

    public override string ToString()
    {
        var lines = new List<string> { $"### {Name} ({Elapsed.TotalSeconds:0} s): {(Findings.Count == 0 ? "passed" : $"{Findings.Count} finding(s)")}", "", "| figure | value |", "|---|---|" };
        lines.AddRange(Figures.Select(f => $"| {f.Name} | {f.Value} |"));
        lines.AddRange(Findings.Select(f => $"- FINDING: {f}"));
        return string.Join('\n', lines);
    }
}
