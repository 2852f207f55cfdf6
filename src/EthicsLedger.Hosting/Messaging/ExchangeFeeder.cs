using System.Globalization;
using System.Text;
using EthicsLedger.Contracts;
using Marten;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using RabbitMQ.Client;

namespace EthicsLedger.Hosting.Messaging;

/// <summary>
/// Feeds the RabbitMQ topic exchange from the message log, in number order, from its own cursor:
/// each message persistent (delivery mode 2), each publish confirmed by the broker before the cursor
/// passes it. A broker that goes away, or a feeder killed at any moment, ends in the same messages
/// published again from the cursor — never a gap, never out of order. One feeder per ledger and
/// exchange publishes (a PostgreSQL advisory lock held on its connection); the others stand by and
/// take over within a second of its death.
/// </summary>
public sealed class ExchangeFeeder(IDocumentStore store, MessagingSettings settings, ILogger<ExchangeFeeder> logger) : BackgroundService
{
    const int Batch = 500;
    readonly string schema = store.Options.DatabaseSchemaName;

    /// <summary>The exchange as the relay and every consumer declare it: a durable topic exchange.</summary>
    public static Task DeclareExchangeAsync(IChannel channel, string exchange, CancellationToken cancellation) =>
        channel.ExchangeDeclareAsync(exchange, ExchangeType.Topic, durable: true, autoDelete: false, cancellationToken: cancellation);

    protected override async Task ExecuteAsync(CancellationToken stopping)
    {
        while (!stopping.IsCancellationRequested)
        {
            try
            {
                await FeedAsync(stopping);
            }
            catch (Exception e) when (!stopping.IsCancellationRequested)
            {
                logger.LogWarning(e, "the exchange feeder stopped; starting again from its cursor");
            }
            await Task.Delay(TimeSpan.FromSeconds(1), stopping).ContinueWith(_ => { });
        }
    }

    async Task FeedAsync(CancellationToken stopping)
    {
        await using var connection = store.Storage.Database.CreateConnection();
        await connection.OpenAsync(stopping);
        // Standing by: another process feeds this exchange. Its lock goes with its connection when it dies.
        if (!await MessageLog.TryHoldAsync(connection, $"{schema}.{settings.FeederName}", stopping)) return;
        await using var listener = await MessageLog.ListenAsync(store.Storage.Database.CreateConnection(), schema, stopping);

        var factory = new ConnectionFactory { Uri = new Uri(settings.RabbitMqUri), AutomaticRecoveryEnabled = false, ClientProvidedName = "ethicsledger relay" };
        await using var amqp = await factory.CreateConnectionAsync(stopping);
        // With tracking on, each publish returns once the broker confirmed it, and throws if it refused it.
        await using var channel = await amqp.CreateChannelAsync(new CreateChannelOptions(
            publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true), stopping);
        await DeclareExchangeAsync(channel, settings.Exchange, stopping);

        var cursor = await MessageLog.CursorAsync(connection, schema, settings.FeederName, stopping);
        while (!stopping.IsCancellationRequested)
        {
            if (!amqp.IsOpen) throw new IOException($"RabbitMQ closed the connection: {amqp.CloseReason?.ReplyText}");
            var batch = await MessageLog.ReadAsync(connection, schema, cursor, Batch, stopping);
            if (batch.Count == 0)
            {
                await listener.WaitAsync(settings.PollInterval, stopping);
                continue;
            }
            foreach (var logged in batch) await PublishAsync(channel, logged, stopping);
            cursor = batch[^1].Number;
            await MessageLog.SaveCursorAsync(connection, schema, settings.FeederName, cursor, stopping);
        }
    }

    /// <summary>One message as docs/messaging.md describes it on the wire.</summary>
    async Task PublishAsync(IChannel channel, LoggedMessage logged, CancellationToken stopping)
    {
        var type = MessageJson.TypeName(logged.Message.GetType());
        var properties = new BasicProperties
        {
            Persistent = true,
            ContentType = "application/json",
            Type = type,
            MessageId = logged.Number.ToString(CultureInfo.InvariantCulture),
            AppId = "ethicsledger",
        };
        await channel.BasicPublishAsync(settings.Exchange, type, mandatory: false, properties,
            Encoding.UTF8.GetBytes(MessageJson.Serialize(logged.Message)), stopping);
    }
}
