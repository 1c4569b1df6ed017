using System.Net.WebSockets;
using System.Runtime.InteropServices;
using MuxActors.Ctl.Api;
using MuxActors.Ctl.Terminal;

namespace MuxActors.Ctl.Attach;

/// <summary>
/// <c>muxctl attach</c> and <c>tail</c>: the local terminal joined to a mux over the API's WebSocket. Attach puts the
/// terminal in raw mode (restored on every way out: detach key, the service closing, an error, SIGINT/SIGTERM/SIGHUP)
/// and sends what is typed; tail only shows output.
/// </summary>
internal sealed class AttachSession(ManagementClient client, string mux, bool readOnly, long replay)
{
    private static readonly TimeSpan s_closeTimeout = TimeSpan.FromSeconds(2);
    private RawTerminal? _terminal;

    private enum Ending
    {
        Detached,
        InputEnded,
        ServiceClosed,
        Signalled,
    }

    /// <summary>Runs until detached; returns the exit status (0 detached, 1 closed by the service, 128+N on signal N).</summary>
    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        var escaped = Uri.EscapeDataString(mux);
        using (await client.SendAsync(HttpMethod.Get, "/v1/muxes/" + escaped, null, cancellationToken).ConfigureAwait(false))
        {
            // asked first for the service's own error (unknown mux...) instead of a bare refused upgrade
        }
        using var socket = await client.ConnectWebSocketAsync(
            $"/v1/muxes/{escaped}/attach?read-only={(readOnly ? "true" : "false")}&replay={replay}", cancellationToken).ConfigureAwait(false);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var signal = 0;
        void OnSignal(PosixSignalContext context)
        {
            _terminal?.Restore(); // first, in case the process dies before the normal path runs
            context.Cancel = true;
            signal = context.Signal switch { PosixSignal.SIGHUP => 1, PosixSignal.SIGINT => 2, _ => 15 };
            stop.Cancel();
        }
        void OnExit(object? sender, EventArgs e) => _terminal?.Restore();
        using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal);
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal);
        using var sighup = PosixSignalRegistration.Create(PosixSignal.SIGHUP, OnSignal);
        AppDomain.CurrentDomain.ProcessExit += OnExit;
        Ending ending;
        string closeReason;
        try
        {
            _terminal = readOnly ? null : RawTerminal.Enter(0);
            Notice(readOnly ? $"showing {mux} (read-only); Ctrl-C stops" : $"attached to {mux}; Ctrl-] q detaches", leadingNewLine: false);
            var output = CopyOutputAsync(socket);
            var stopped = Task.Delay(Timeout.Infinite, stop.Token);
            var input = readOnly ? null : CopyInputAsync(socket, stop.Token);
            var first = await Task.WhenAny(input is null ? new Task[] { output, stopped } : [output, stopped, input]).ConfigureAwait(false);
            if (first == output)
            {
                ending = Ending.ServiceClosed;
                closeReason = await output.ConfigureAwait(false);
            }
            else
            {
                ending = first == input && !stop.IsCancellationRequested ? await input.ConfigureAwait(false) : Ending.Signalled;
                closeReason = await CloseAsync(socket, output).ConfigureAwait(false);
            }
        }
        finally
        {
            _terminal?.Restore();
            AppDomain.CurrentDomain.ProcessExit -= OnExit;
        }
        switch (ending)
        {
            case Ending.ServiceClosed:
                await StdStreams.Error.WriteLineAsync($"\nmuxctl: {mux}: the service ended the session ({closeReason})").ConfigureAwait(false);
                return 1;
            case Ending.Signalled:
                await StdStreams.Error.WriteLineAsync($"\nmuxctl: {(readOnly ? "stopped showing" : "detached from")} {mux}").ConfigureAwait(false);
                return 128 + signal;
            default:
                await StdStreams.Error.WriteLineAsync($"\nmuxctl: detached from {mux}").ConfigureAwait(false);
                return 0;
        }
    }

    /// <summary>Console output to stdout until the service closes the WebSocket; returns why it ended.</summary>
    private static async Task<string> CopyOutputAsync(WebSocket socket)
    {
        var buffer = new byte[16 * 1024];
        try
        {
            while (true)
            {
                // Not cancelled from outside: cancelling a receive aborts the WebSocket; a detach closes it politely.
                var result = await socket.ReceiveAsync(buffer, CancellationToken.None).ConfigureAwait(false);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    await AnswerCloseAsync(socket).ConfigureAwait(false);
                    return string.IsNullOrEmpty(socket.CloseStatusDescription) ? "closed" : socket.CloseStatusDescription;
                }
                await StdStreams.Output.WriteAsync(buffer.AsMemory(0, result.Count)).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (ex is WebSocketException or IOException or ObjectDisposedException)
        {
            return "connection lost: " + ex.Message;
        }
    }

    /// <summary>Completes a close the service started, so it can end the connection cleanly at once.</summary>
    private static async Task AnswerCloseAsync(WebSocket socket)
    {
        if (socket.State != WebSocketState.CloseReceived)
            return; // our own close crossed the service's: nothing to answer
        try
        {
            using var timeout = new CancellationTokenSource(s_closeTimeout);
            await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "", timeout.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or IOException)
        {
        }
    }

    /// <summary>Typed input to the console, through the escape keys, until a detach or the end of input.</summary>
    private async Task<Ending> CopyInputAsync(WebSocket socket, CancellationToken cancellationToken)
    {
        var keys = new EscapeKeys();
        var buffer = new byte[4096];
        while (true)
        {
            int n;
            try
            {
                n = await StdStreams.Input.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
            }
            catch (IOException)
            {
                return Ending.InputEnded; // the terminal hung up
            }
            if (n == 0)
                return Ending.InputEnded;
            foreach (var action in keys.Feed(buffer.AsSpan(0, n)))
            {
                switch (action.Command)
                {
                    case EscapeCommand.Send:
                        if (!await TrySendAsync(socket, action.Data, cancellationToken).ConfigureAwait(false))
                            return Ending.ServiceClosed;
                        break;
                    case EscapeCommand.Detach:
                        return Ending.Detached;
                    case EscapeCommand.Break:
                        await SendBreakAsync(cancellationToken).ConfigureAwait(false);
                        break;
                    case EscapeCommand.Help:
                        Notice(EscapeKeys.HelpText, leadingNewLine: true);
                        break;
                }
            }
        }
    }

    private static async Task<bool> TrySendAsync(WebSocket socket, byte[] data, CancellationToken cancellationToken)
    {
        try
        {
            await socket.SendAsync(data, WebSocketMessageType.Binary, endOfMessage: true, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (Exception ex) when (ex is WebSocketException or IOException)
        {
            return false; // the service went away; the output side reports why
        }
    }

    private async Task SendBreakAsync(CancellationToken cancellationToken)
    {
        try
        {
            using var _ = await client.SendAsync(HttpMethod.Post, $"/v1/muxes/{Uri.EscapeDataString(mux)}/break", null, cancellationToken).ConfigureAwait(false);
            Notice("BREAK sent", leadingNewLine: true);
        }
        catch (CtlException ex)
        {
            Notice("BREAK not sent: " + ex.Message, leadingNewLine: true);
        }
    }

    /// <summary>Closes politely (the service answers the close), or drops the connection if it does not answer in time.</summary>
    private static async Task<string> CloseAsync(WebSocket socket, Task<string> output)
    {
        try
        {
            using var timeout = new CancellationTokenSource(s_closeTimeout);
            await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "detached", timeout.Token).ConfigureAwait(false);
            return await output.WaitAsync(s_closeTimeout).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or TimeoutException or IOException)
        {
            socket.Abort();
            return "closed";
        }
    }

    /// <summary>A muxctl line on stderr; in raw mode a line needs its carriage return.</summary>
    private void Notice(string text, bool leadingNewLine)
    {
        var newLine = _terminal is null ? "\n" : "\r\n";
        StdStreams.Error.Write((leadingNewLine ? newLine : "") + (leadingNewLine ? "[muxctl: " + text + "]" : text) + newLine);
    }
}
