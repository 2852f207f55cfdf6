using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using EthicsLedger.Hosting.Messaging;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;

namespace EthicsLedger.Tests.Support;

/// <summary>One delivery as a plain AMQP consumer sees it.</summary>
public sealed record Delivery(long Number, string Key, string Commitment, string Type);

/// <summary>
/// A consumer that knows only docs/messaging.md and the plain RabbitMQ client: its own durable
/// queue bound to the exchange, manual acknowledgements, and the client's own reconnection after
/// the broker goes away. It records every delivery; <see cref="Handled"/> applies the documented
/// rule (skip a number already passed; a number further on than the next is a gap).
/// </summary>
public sealed class AmqpRecorder : IAsyncDisposable
{
    readonly ConcurrentQueue<Delivery> deliveries = new();
    IConnection connection = null!;
    IChannel channel = null!;
    string queue = "";

    public IReadOnlyList<Delivery> Deliveries => deliveries.ToList();

    public static async Task<AmqpRecorder> BindAsync(string exchange, string queue)
    {
        var recorder = new AmqpRecorder { queue = queue };
        var factory = new ConnectionFactory
        {
            Uri = new Uri(MessagingSettings.DefaultRabbitMq),
            AutomaticRecoveryEnabled = true,
            TopologyRecoveryEnabled = true,
            NetworkRecoveryInterval = TimeSpan.FromMilliseconds(500),
        };
        recorder.connection = await factory.CreateConnectionAsync();
        recorder.channel = await recorder.connection.CreateChannelAsync();
        await recorder.channel.ExchangeDeclareAsync(exchange, ExchangeType.Topic, durable: true, autoDelete: false);
        await recorder.channel.QueueDeclareAsync(queue, durable: true, exclusive: false, autoDelete: false);
        await recorder.channel.QueueBindAsync(queue, exchange, "#");
        await recorder.channel.BasicQosAsync(0, 50, false);
        var consumer = new AsyncEventingBasicConsumer(recorder.channel);
        consumer.ReceivedAsync += async (_, delivery) =>
        {
            var json = JsonDocument.Parse(Encoding.UTF8.GetString(delivery.Body.Span)).RootElement;
            recorder.deliveries.Enqueue(new Delivery(json.GetProperty("number").GetInt64(), json.GetProperty("key").GetString()!,
                json.GetProperty("commitment").GetString()!, delivery.BasicProperties.Type ?? ""));
            try
            {
                await recorder.channel.BasicAckAsync(delivery.DeliveryTag, false);
            }
            catch (Exception e) when (e is RabbitMQ.Client.Exceptions.AlreadyClosedException or IOException or ObjectDisposedException)
            {
                // The broker went away before the ack: it delivers the message again, and the number tells it was seen.
            }
        };
        await recorder.channel.BasicConsumeAsync(queue, autoAck: false, consumer);
        return recorder;
    }

    /// <summary>The documented consumer rule applied to what arrived: each number once, in order; gaps named.</summary>
    public (IReadOnlyList<Delivery> Handled, IReadOnlyList<string> Gaps) Follow()
    {
        var handled = new List<Delivery>();
        var gaps = new List<string>();
        long last = 0;
        foreach (var d in Deliveries)
        {
            if (d.Number <= last) continue;
            if (d.Number > last + 1) gaps.Add($"after {last} came {d.Number}");
            handled.Add(d);
            last = d.Number;
        }
        return (handled, gaps);
    }

    public async Task WaitForAsync(Func<IReadOnlyList<Delivery>, bool> done, int seconds = 120)
    {
        var until = DateTime.UtcNow.AddSeconds(seconds);
        while (!done(Follow().Handled) && DateTime.UtcNow < until) await Task.Delay(200);
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await channel.QueueDeleteAsync(queue);
        }
        catch (Exception e) when (e is RabbitMQ.Client.Exceptions.OperationInterruptedException or RabbitMQ.Client.Exceptions.AlreadyClosedException)
        {
            // Best effort: a queue left behind is only a test's leftover.
        }
        await channel.DisposeAsync();
        await connection.DisposeAsync();
    }
}
