using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;

namespace MuxActors.Ctl.Api;

/// <summary>
/// The management API of a running muxactors, over its unix socket (the default) or over TCP with a bearer token.
/// Errors come back as <see cref="CtlException"/> carrying the service's own message.
/// </summary>
internal sealed class ManagementClient : IDisposable
{
    /// <summary>The socket used when neither <c>--socket</c> nor <c>$MUXACTORS_SOCKET</c> says otherwise.</summary>
    public const string DefaultSocket = "run/muxactors.sock";

    private readonly SocketsHttpHandler _handler;
    private readonly HttpClient _http;
    private readonly Uri _base;
    private readonly string? _token;

    private ManagementClient(SocketsHttpHandler handler, Uri baseAddress, string? token, string where)
    {
        _handler = handler;
        _base = baseAddress;
        _token = token;
        Where = where;
        _http = new HttpClient(handler, disposeHandler: false) { BaseAddress = baseAddress, Timeout = Timeout.InfiniteTimeSpan };
        if (token is not null)
            _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
    }

    /// <summary>Where the service is reached, for messages.</summary>
    public string Where { get; }

    /// <summary>A client for <paramref name="url"/> (TCP) if given, else for the unix socket <paramref name="socket"/>.</summary>
    public static ManagementClient Create(string? socket, string? url, string? token)
    {
        var handler = new SocketsHttpHandler { ConnectTimeout = TimeSpan.FromSeconds(10) };
        if (url is not null)
        {
            if (!Uri.TryCreate(url, UriKind.Absolute, out var address) || address.Scheme is not ("http" or "https"))
                throw new CtlException($"--url '{url}' is not an http:// address");
            return new ManagementClient(handler, address, token, address.GetLeftPart(UriPartial.Authority));
        }
        var path = Path.GetFullPath(socket ?? DefaultSocket);
        handler.ConnectCallback = async (_, cancellationToken) =>
        {
            var unix = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
            try
            {
                await unix.ConnectAsync(new UnixDomainSocketEndPoint(path), cancellationToken).ConfigureAwait(false);
                return new NetworkStream(unix, ownsSocket: true);
            }
            catch
            {
                unix.Dispose();
                throw;
            }
        };
        return new ManagementClient(handler, new Uri("http://localhost/"), token, "unix:" + path);
    }

    /// <summary>Sends a request; returns the JSON body (null for 204). A non-success status throws with the service's error.</summary>
    public async Task<JsonDocument?> SendAsync(HttpMethod method, string path, string? json, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, path);
        if (json is not null)
            request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        using var response = await SendRawAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken).ConfigureAwait(false);
        var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        return body.Length == 0 ? null : JsonDocument.Parse(body);
    }

    /// <summary>Sends a request and returns the response once its headers arrived (for streams such as events).</summary>
    public async Task<HttpResponseMessage> OpenStreamAsync(string path, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        return await SendRawAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Opens the WebSocket at <paramref name="pathAndQuery"/> (attach and tail).</summary>
    public async Task<ClientWebSocket> ConnectWebSocketAsync(string pathAndQuery, CancellationToken cancellationToken)
    {
        var builder = new UriBuilder(new Uri(_base, pathAndQuery)) { Scheme = _base.Scheme == "https" ? "wss" : "ws" };
        var socket = new ClientWebSocket();
        socket.Options.CollectHttpResponseDetails = true;
        if (_token is not null)
            socket.Options.SetRequestHeader("Authorization", "Bearer " + _token);
        try
        {
            using var invoker = new HttpMessageInvoker(_handler, disposeHandler: false);
            await socket.ConnectAsync(builder.Uri, invoker, cancellationToken).ConfigureAwait(false);
            return socket;
        }
        catch (Exception ex) when (ex is WebSocketException or HttpRequestException)
        {
            var status = socket.HttpStatusCode;
            socket.Dispose();
            throw new CtlException(status == 0
                ? $"can't reach muxactors at {Where}: {Innermost(ex).Message}"
                : $"the service refused the connection (HTTP {(int)status})");
        }
    }

    private async Task<HttpResponseMessage> SendRawAsync(HttpRequestMessage request, HttpCompletionOption completion, CancellationToken cancellationToken)
    {
        HttpResponseMessage response;
        try
        {
            response = await _http.SendAsync(request, completion, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException ex)
        {
            throw new CtlException($"can't reach muxactors at {Where}: {Innermost(ex).Message} (is it running? see --socket, $MUXACTORS_SOCKET, --url)");
        }
        if (response.IsSuccessStatusCode)
            return response;
        using (response)
        {
            var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            var (message, code) = ReadError(body);
            throw new CtlException(message ?? $"HTTP {(int)response.StatusCode} {response.ReasonPhrase}", code, body);
        }
    }

    private static (string? Message, string? Code) ReadError(string body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            return (root.TryGetProperty("error", out var e) ? e.GetString() : null, root.TryGetProperty("code", out var c) ? c.GetString() : null);
        }
        catch (JsonException)
        {
            return (null, null);
        }
    }

    private static Exception Innermost(Exception ex)
    {
        while (ex.InnerException is not null)
            ex = ex.InnerException;
        return ex;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _http.Dispose();
        _handler.Dispose();
    }
}
