using System.Net.WebSockets;

namespace MuxActors.TestSupport;

/// <summary>Whole WebSocket messages for the tests' page clients.</summary>
public static class WebSocketMessages
{
    /// <summary>Receives one whole message into <paramref name="buffer"/>: its type and length.</summary>
    public static async Task<(WebSocketMessageType Type, int Count)> ReceiveMessageAsync(this WebSocket socket, byte[] buffer)
    {
        var count = 0;
        ValueWebSocketReceiveResult result;
        do
        {
            result = await socket.ReceiveAsync(buffer.AsMemory(count), CancellationToken.None);
            count += result.Count;
        }
        while (!result.EndOfMessage);
        return (result.MessageType, count);
    }
}
