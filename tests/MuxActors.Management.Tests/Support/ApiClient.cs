using System.Net.Sockets;
using System.Text;
using System.Text.Json;

namespace MuxActors.Management.Tests.Support;

/// <summary>An answer of the management API.</summary>
internal sealed record ApiAnswer(int Status, string Body, string? ContentType, IReadOnlyDictionary<string, string> Headers)
{
    public JsonElement Json => JsonDocument.Parse(Body).RootElement.Clone();

    public string Error => Json.GetProperty("error").GetString()!;

    public string Code => Json.GetProperty("code").GetString()!;

    public override string ToString() => $"{Status} {Body}";
}

/// <summary>HTTP to the service over its real unix socket (or TCP), as any client would.</summary>
internal sealed class ApiClient : IDisposable
{
    private readonly HttpClient _http;

    private ApiClient(HttpClient http) => _http = http;

    public static ApiClient ForSocket(string path)
    {
        var handler = new SocketsHttpHandler
        {
            ConnectCallback = async (_, ct) =>
            {
                var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
                await socket.ConnectAsync(new UnixDomainSocketEndPoint(path), ct);
                return new NetworkStream(socket, ownsSocket: true);
            },
        };
        return new ApiClient(new HttpClient(handler) { BaseAddress = new Uri("http://localhost/"), Timeout = TimeSpan.FromSeconds(30) });
    }

    public static ApiClient ForUrl(string url, string? token)
    {
        var http = new HttpClient { BaseAddress = new Uri(url), Timeout = TimeSpan.FromSeconds(30) };
        if (token is not null)
            http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        return new ApiClient(http);
    }

    public Task<ApiAnswer> GetAsync(string path) => SendAsync(HttpMethod.Get, path);

    public Task<ApiAnswer> PostAsync(string path, string? json = null) => SendAsync(HttpMethod.Post, path, json);

    public Task<ApiAnswer> DeleteAsync(string path) => SendAsync(HttpMethod.Delete, path);

    public async Task<ApiAnswer> SendAsync(HttpMethod method, string path, string? json = null, string? authorization = null)
    {
        using var request = new HttpRequestMessage(method, path);
        if (json is not null)
            request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        if (authorization is not null)
            request.Headers.TryAddWithoutValidation("Authorization", authorization);
        using var response = await _http.SendAsync(request);
        var headers = response.Headers.Concat(response.Content.Headers).ToDictionary(h => h.Key, h => string.Join(", ", h.Value), StringComparer.OrdinalIgnoreCase);
        return new ApiAnswer((int)response.StatusCode, await response.Content.ReadAsStringAsync(), response.Content.Headers.ContentType?.ToString(), headers);
    }

    /// <summary>Opens <c>/v1/events</c> and returns once the service confirmed the subscription.</summary>
    public async Task<EventStreamReader> OpenEventsAsync(string query = "")
    {
        var response = await _http.GetAsync("/v1/events" + query, HttpCompletionOption.ResponseHeadersRead);
        response.EnsureSuccessStatusCode();
        var reader = new EventStreamReader(response);
        await reader.WaitSubscribedAsync();
        return reader;
    }

    public void Dispose() => _http.Dispose();
}
