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
public sealed class ExchangeFeeder(IDocumentStore store, MessagingSettings settings, ConsumerReport report, ILogger<ExchangeFeeder> logger)
    : BackgroundService
{
    const int Batch = 500;
    readonly string schema = store.Options.DatabaseSchemaName;

    /// <summary>The exchange as the relay and every consumer declare it: a durable topic exchange.</summary>
    public static Task DeclareExchangeAsync(IChannel channel, string exchange, CancellationToken cancellation) =>
        channel.ExchangeDeclareAsync(exchange, ExchangeType.Topic, durable: true, autoDelete: false, cancellationToken: cancellation);

    /// <summary>
    /// A broker that accepts the connection but never answers, or dies without closing it, must not
    /// hold the feed (and the feeder's lock) for good: every step has a bound, and heartbeats notice
    /// a silent peer.
    /// </summary>
    public static ConnectionFactory Factory(string uri, string name) => new()
    {
        Uri = new Uri(uri),
        AutomaticRecoveryEnabled = false,
        ClientProvidedName = name,
        RequestedConnectionTimeout = TimeSpan.FromSeconds(10),
        HandshakeContinuationTimeout = TimeSpan.FromSeconds(10),
        ContinuationTimeout = TimeSpan.FromSeconds(10),
        RequestedHeartbeat = TimeSpan.FromSeconds(10),
    };

    protected override async Task ExecuteAsync(CancellationToken stopping)
    {
        var pause = TimeSpan.FromSeconds(1);
        while (!stopping.IsCancellationRequested)
        {
            try
            {
                if (await FeedAsync(stopping)) pause = TimeSpan.FromSeconds(1);
            }
            catch (Exception e) when (!stopping.IsCancellationRequested)
            {
                // Told at once, and tried again from the cursor, less often while it keeps failing.
                report.Tell($"the relay could not feed exchange '{settings.Exchange}': {e.GetBaseException().Message}; trying again in {pause.TotalSeconds:0} s from message {cursor + 1}.");
                logger.LogWarning(e, "the exchange feeder stopped; starting again from its cursor");
                await Task.Delay(pause, stopping).ContinueWith(_ => { });
                // At most 5 s: a broker back from an outage is fed again within seconds, and a try costs one connection.
                pause = TimeSpan.FromSeconds(Math.Min(pause.TotalSeconds * 2, 5));
                continue;
            }
            await Task.Delay(TimeSpan.FromSeconds(1), stopping).ContinueWith(_ => { });
        }
    }

    long cursor;

    /// <returns>False when another process holds the feed (this one stands by).</returns>
    async Task<bool> FeedAsync(CancellationToken stopping)
    {
        await using var connection = store.Storage.Database.CreateConnection();
        await connection.OpenAsync(stopping);
        // Standing by: another process feeds this exchange. Its lock goes with its connection when it dies.
        if (!await MessageLog.TryHoldAsync(connection, $"{schema}.{settings.FeederName}", stopping)) return false;
        await using var listener = await MessageLog.ListenAsync(store.Storage.Database.CreateConnection(), schema, stopping);

        await using var amqp = await Factory(settings.RabbitMqUri, "ethicsledger relay").CreateConnectionAsync(stopping);
        // Confirms on, tracked here per batch: waiting for each one before the next publish caps the feeder at one round trip per message.
        await using var channel = await amqp.CreateChannelAsync(new CreateChannelOptions(
            publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: false), stopping);
        var confirms = new Confirms(channel, amqp);
        await DeclareExchangeAsync(channel, settings.Exchange, stopping);

        cursor = await MessageLog.CursorAsync(connection, schema, settings.FeederName, stopping);
        while (!stopping.IsCancellationRequested)
        {
            if (!amqp.IsOpen) throw new IOException($"RabbitMQ closed the connection: {amqp.CloseReason?.ReplyText}");
            var batch = await MessageLog.ReadAsync(connection, schema, cursor, Batch, stopping);
            if (batch.Count == 0)
            {
                await listener.WaitAsync(settings.PollInterval, stopping);
                continue;
            }
            // Published in order on one channel; the cursor passes them only once the broker confirmed them all.
            var first = await channel.GetNextPublishSequenceNumberAsync(stopping);
            var waiting = confirms.Expect(first, first + (ulong)batch.Count - 1);
            foreach (var logged in batch) await PublishAsync(channel, logged, stopping);
            await waiting.WaitAsync(TimeSpan.FromSeconds(30), stopping);
            cursor = batch[^1].Number;
            await MessageLog.SaveCursorAsync(connection, schema, settings.FeederName, cursor, stopping);
        }
        return true;
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

    /// <summary>
    /// The broker's confirms for one batch of publishes (sequence numbers first…last on the channel):
    /// done when every one was acknowledged; failed if any was refused or the connection closed first.
    /// </summary>
    sealed class Confirms
    {
        readonly Lock gate = new();
        readonly SortedSet<ulong> outstanding = [];
        TaskCompletionSource done = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Confirms(IChannel channel, IConnection connection)
        {
            channel.BasicAcksAsync += (_, ack) => Settle(ack.DeliveryTag, ack.Multiple, null);
            channel.BasicNacksAsync += (_, nack) => Settle(nack.DeliveryTag, nack.Multiple,
                "the broker refused a message (a queue bound to the exchange with x-overflow reject-publish that is full, say)");
            connection.ConnectionShutdownAsync += (_, reason) => Fail($"RabbitMQ closed the connection: {reason.ReplyText}");
            channel.ChannelShutdownAsync += (_, reason) => Fail($"RabbitMQ closed the channel: {reason.ReplyText}");
        }

        public Task Expect(ulong first, ulong last)
        {
            lock (gate)
            {
                done = new(TaskCreationOptions.RunContinuationsAsynchronously);
                for (var n = first; n <= last; n++) outstanding.Add(n);
                return done.Task;
            }
        }

        Task Settle(ulong tag, bool multiple, string? refused)
        {
            lock (gate)
            {
                if (refused is not null) done.TrySetException(new IOException(refused));
                if (multiple) outstanding.RemoveWhere(n => n <= tag);
                else outstanding.Remove(tag);
                if (outstanding.Count == 0) done.TrySetResult();
            }
            return Task.CompletedTask;
        }

        Task Fail(string why)
        {
            lock (gate) done.TrySetException(new IOException(why));
            return Task.CompletedTask;
        }
    }
}
