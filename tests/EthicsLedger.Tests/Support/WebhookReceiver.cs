using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;
using EthicsLedger.Contracts;
using EthicsLedger.Hosting.Messaging;

namespace EthicsLedger.Tests.Support;

/// <summary>A webhook receiver that does what the docs ask of one: skip a repeated Idempotency-Key.</summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    readonly HttpListener listener = new();
    readonly HandledMessages handled = new();
    readonly ConcurrentQueue<string> order = new();
    readonly TimeSpan delay;
    int deliveries;

    public WebhookReceiver(TimeSpan delay)
    {
        this.delay = delay;
        var port = FreePort();
        Url = $"http://127.0.0.1:{port}/ledger/";
        listener.Prefixes.Add(Url);
        listener.Start();
        _ = Task.Run(ServeAsync);
    }

    public string Url { get; }

    /// <summary>How many more times to answer 503 to a key.</summary>
    public ConcurrentDictionary<string, int> Failing { get; } = new();
    public ConcurrentQueue<(string Key, string Type, string ContentType)> Headers { get; } = new();
    public List<string> Handled => order.ToList();
    public int Deliveries => deliveries;

    async Task ServeAsync()
    {
        while (listener.IsListening)
        {
            HttpListenerContext context;
            try { context = await listener.GetContextAsync(); }
            catch (Exception) { return; }
            Interlocked.Increment(ref deliveries);
            var key = context.Request.Headers[WebhookForwarder.KeyHeader]!;
            Headers.Enqueue((key, context.Request.Headers[WebhookForwarder.TypeHeader]!, context.Request.ContentType ?? ""));
            // A receiver that is down or failing for this key: the forwarder must retry.
            if (Failing.TryGetValue(key, out var left) && left > 0)
            {
                Failing[key] = left - 1;
                context.Response.StatusCode = 503;
                context.Response.Close();
                continue;
            }
            using var body = new StreamReader(context.Request.InputStream);
            var json = JsonDocument.Parse(await body.ReadToEndAsync()).RootElement;
            key.ShouldBe(json.GetProperty("key").GetString());
            var type = MessageJson.TypeFor(context.Request.Headers[WebhookForwarder.TypeHeader]!)!;
            var message = (LedgerMessage)JsonSerializer.Deserialize(json, type, MessageJson.Options)!;
            await Task.Delay(delay);
            if (handled.FirstTime(message)) order.Enqueue(key);
            context.Response.StatusCode = 204;
            context.Response.Close();
        }
    }

    public async Task WaitForAsync(Func<WebhookReceiver, bool> done, int seconds = 120)
    {
        var until = DateTime.UtcNow.AddSeconds(seconds);
        while (!done(this) && DateTime.UtcNow < until) await Task.Delay(50);
    }

    static int FreePort()
    {
        var socket = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        socket.Start();
        var port = ((IPEndPoint)socket.LocalEndpoint).Port;
        socket.Stop();
        return port;
    }

    public ValueTask DisposeAsync()
    {
        listener.Stop();
        listener.Close();
        return ValueTask.CompletedTask;
    }
}
