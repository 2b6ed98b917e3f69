using System.Net;
using System.Net.Sockets;

namespace OrleansScaling.TestSupport;

/// <summary>Loopback ports nobody listens on, so parallel tests and other helpers' servers never collide.</summary>
public static class FreePorts
{
    /// <summary>Takes <paramref name="count"/> distinct ports by binding them all at once, then releasing them.</summary>
    public static int[] Take(int count)
    {
        var listeners = Enumerable.Range(0, count).Select(_ => new TcpListener(IPAddress.Loopback, 0)).ToArray();
        try
        {
            foreach (var listener in listeners) listener.Start();
            return listeners.Select(l => ((IPEndPoint)l.LocalEndpoint).Port).ToArray();
        }
        finally
        {
            foreach (var listener in listeners) listener.Stop();
        }
    }

    /// <summary>Waits until something accepts TCP connections on 127.0.0.1:<paramref name="port"/>, or <paramref name="giveUp"/> fires.</summary>
    public static async Task WaitUntilListeningAsync(int port, CancellationToken giveUp)
    {
        while (true)
        {
            using var client = new TcpClient();
            try
            {
                await client.ConnectAsync(IPAddress.Loopback, port, giveUp);
                return;
            }
            catch (SocketException)
            {
                // Not listening yet: no event tells us when it will be, so poll until the caller's deadline.
                await Task.Delay(50, giveUp);
            }
        }
    }
}
