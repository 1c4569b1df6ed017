using System.Text;
using System.Text.Json;

namespace MuxActors.Management.Tests.Support;

/// <summary>One server-sent event.</summary>
internal sealed record ServerEvent(string Kind, JsonElement Data)
{
    public string Field(string name) => Data.TryGetProperty(name, out var value) ? value.ToString() : "";

    public override string ToString() => $"{Kind} {Data.GetRawText()}";
}

/// <summary>Reads <c>/v1/events</c> in the background and lets tests await the events they expect.</summary>
internal sealed class EventStreamReader : IAsyncDisposable
{
    private readonly HttpResponseMessage _response;
    private readonly CancellationTokenSource _cts = new();
    private readonly Awaitable _changes = new();
    private readonly List<ServerEvent> _events = [];
    private readonly Lock _lock = new();
    private readonly Task _reader;
    private bool _subscribed;

    public EventStreamReader(HttpResponseMessage response)
    {
        _response = response;
        _reader = Task.Run(ReadAsync);
    }

    public string? ContentType => _response.Content.Headers.ContentType?.ToString();

    public IReadOnlyList<ServerEvent> Events
    {
        get { lock (_lock) return [.. _events]; }
    }

    public Task WaitSubscribedAsync() => _changes.UntilAsync(() => _subscribed, () => "the event stream never confirmed the subscription");

    /// <summary>Waits for an event matching <paramref name="match"/> (events seen earlier count).</summary>
    public async Task<ServerEvent> WaitForAsync(string kind, Func<ServerEvent, bool> match, string what)
    {
        ServerEvent? found = null;
        await _changes.UntilAsync(
            () => (found = Events.FirstOrDefault(e => e.Kind == kind && match(e))) is not null,
            () => $"no '{kind}' event for {what}; events so far:\n{string.Join('\n', Events)}");
        return found!;
    }

    private async Task ReadAsync()
    {
        try
        {
            using var reader = new StreamReader(await _response.Content.ReadAsStreamAsync(_cts.Token), Encoding.UTF8);
            string? kind = null;
            while (await reader.ReadLineAsync(_cts.Token) is { } line)
            {
                if (line.StartsWith(": subscribed", StringComparison.Ordinal))
                    _subscribed = true;
                else if (line.StartsWith("event: ", StringComparison.Ordinal))
                    kind = line[7..];
                else if (line.StartsWith("data: ", StringComparison.Ordinal) && kind is not null)
                {
                    lock (_lock)
                        _events.Add(new ServerEvent(kind, JsonDocument.Parse(line[6..]).RootElement.Clone()));
                }
                _changes.Pulse();
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException or HttpRequestException)
        {
        }
        _changes.Pulse();
    }

    public async ValueTask DisposeAsync()
    {
        await _cts.CancelAsync();
        _response.Dispose();
        await _reader;
        _cts.Dispose();
    }
}
