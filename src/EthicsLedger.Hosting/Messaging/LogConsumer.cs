using System.Text;
using System.Text.Json;
using EthicsLedger.Contracts;
using Marten;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;

namespace EthicsLedger.Hosting.Messaging;

/// <summary>
/// One consumer: hands every message of the log to its <see cref="ILedgerConsumer"/> in number
/// order, from where it stopped. Its cursor (the last number it finished) moves only after the
/// messages before it were handled, so a crash at any moment repeats at most what came after the
/// last saved cursor — the same keys, in the same order — and loses nothing. Over RabbitMQ it takes
/// deliveries from its own durable queue and reads any number it did not receive from the log.
/// </summary>
public sealed class LogConsumer(IDocumentStore store, MessagingSettings settings, ILedgerConsumer consumer,
    IHostApplicationLifetime lifetime, ConsumerReport report, ILogger<LogConsumer> logger) : BackgroundService
{
    const int Batch = 500;
    readonly string schema = store.Options.DatabaseSchemaName;
    bool fromApplied;
    long? lastReplayCheck;

    protected override async Task ExecuteAsync(CancellationToken stopping)
    {
        while (!stopping.IsCancellationRequested)
        {
            try
            {
                await RunAsync(stopping);
                if (settings.UntilCaughtUp)
                {
                    lifetime.StopApplication();
                    return;
                }
            }
            catch (Exception e) when (!stopping.IsCancellationRequested)
            {
                // PostgreSQL restarting, the broker away: start again from the saved cursor.
                report.Tell($"'{settings.Consumer}' stopped reading ({e.GetBaseException().Message}); starting again from where it stopped in 1 s.");
                logger.LogWarning(e, "consumer {Consumer} stopped reading; starting again from its cursor", settings.Consumer);
                await Task.Delay(TimeSpan.FromSeconds(1), stopping).ContinueWith(_ => { });
            }
        }
    }

    async Task RunAsync(CancellationToken stopping)
    {
        await using var connection = store.Storage.Database.CreateConnection();
        await connection.OpenAsync(stopping);
        var reader = new Reader(connection, schema, settings, consumer, report, logger);
        if (settings.From is { } from && !fromApplied)
        {
            // Never a cursor past the end: it would skip messages not yet told.
            var last = await MessageLog.LastAsync(connection, schema, stopping);
            if (from - 1 > last) report.Tell($"the log ends at message {last}; '{settings.Consumer}' starts after it, not at {from}.");
            await MessageLog.SaveCursorAsync(connection, schema, settings.CursorName, Math.Min(from - 1, last), stopping);
            fromApplied = true;
            reader.Cursor = await MessageLog.CursorAsync(connection, schema, settings.CursorName, stopping);
            report.Tell($"'{settings.Consumer}' reads from message {reader.Cursor + 1} (--from).");
        }
        else
        {
            reader.Cursor = await MessageLog.CursorAsync(connection, schema, settings.CursorName, stopping);
            report.Tell(reader.Cursor == 0
                ? $"'{settings.Consumer}' reads from message 1."
                : $"'{settings.Consumer}' goes on from message {reader.Cursor + 1}, where it stopped (--from 1 hands everything over again).");
        }
        try
        {
            if (settings.Transport == MessageTransport.RabbitMq && !settings.UntilCaughtUp) await ConsumeQueueAsync(reader, stopping);
            else await FollowLogAsync(reader, stopping);
        }
        finally
        {
            await reader.SaveAsync();
        }
    }

    /// <summary>Reads the log after the cursor, woken by each commit that adds to it (and every poll interval, in case a notification was missed).</summary>
    async Task FollowLogAsync(Reader reader, CancellationToken stopping)
    {
        await using var listener = await MessageLog.ListenAsync(store.Storage.Database.CreateConnection(), schema, stopping);
        while (!stopping.IsCancellationRequested)
        {
            await ReplayDeadLettersAsync(stopping);
            if (await reader.CatchUpAsync(long.MaxValue, stopping) > 0) continue;
            if (settings.UntilCaughtUp) return;
            await listener.WaitAsync(settings.PollInterval, stopping);
        }
    }

    /// <summary>
    /// Takes deliveries from the consumer's durable queue, one at a time (docs/messaging.md, "Consuming
    /// from RabbitMQ"): a number already passed is a redelivery and only acknowledged; a number further
    /// on than the next means some were missed, and those are read from the log first.
    /// </summary>
    async Task ConsumeQueueAsync(Reader reader, CancellationToken stopping)
    {
        await reader.CatchUpAsync(long.MaxValue, stopping);
        await using var amqp = await ExchangeFeeder.Factory(settings.RabbitMqUri, $"ethicsledger {settings.Consumer}").CreateConnectionAsync(stopping);
        await using var channel = await amqp.CreateChannelAsync(cancellationToken: stopping);
        await ExchangeFeeder.DeclareExchangeAsync(channel, settings.Exchange, stopping);
        await channel.QueueDeclareAsync(settings.Queue, durable: true, exclusive: false, autoDelete: false, cancellationToken: stopping);
        await channel.QueueBindAsync(settings.Queue, settings.Exchange, "#", cancellationToken: stopping);
        await channel.BasicQosAsync(0, 200, false, stopping);

        var failed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var deliveries = new AsyncEventingBasicConsumer(channel);
        deliveries.ReceivedAsync += async (_, delivery) =>
        {
            try
            {
                var message = MessageJson.Deserialize(delivery.BasicProperties.Type ?? "", Encoding.UTF8.GetString(delivery.Body.Span));
                if (message.Number > reader.Cursor)
                {
                    await reader.CatchUpAsync(message.Number - 1, stopping);
                    if (message.Number == reader.Cursor + 1) await reader.HandleAsync(new LoggedMessage(message.Number, message), stopping);
                    await reader.SaveAsync();
                }
                await channel.BasicAckAsync(delivery.DeliveryTag, false, stopping);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                failed.TrySetException(e);
            }
        };
        amqp.ConnectionShutdownAsync += (_, reason) =>
        {
            failed.TrySetException(new IOException($"RabbitMQ closed the connection: {reason.ReplyText}"));
            return Task.CompletedTask;
        };
        await channel.BasicConsumeAsync(settings.Queue, autoAck: false, deliveries, stopping);
        while (!failed.Task.IsCompleted)
        {
            await Task.WhenAny(failed.Task, Task.Delay(settings.PollInterval, stopping));
            stopping.ThrowIfCancellationRequested();
            await ReplayDeadLettersAsync(stopping);
        }
        await failed.Task;
    }

    /// <summary>Hands each dead letter marked for replay to the consumer again; it leaves the dead letters once handled.</summary>
    async Task ReplayDeadLettersAsync(CancellationToken stopping)
    {
        // Looked for at once, then once per poll interval, not on every wake: a replay is a person's request, not a stream.
        if (lastReplayCheck is { } last && Environment.TickCount64 - last < settings.PollInterval.TotalMilliseconds) return;
        lastReplayCheck = Environment.TickCount64;
        // A connection of its own: over RabbitMQ, deliveries are handled on the reader's meanwhile.
        await using var connection = store.Storage.Database.CreateConnection();
        await connection.OpenAsync(stopping);
        foreach (var letter in await DeadLetters.MarkedForReplayAsync(connection, schema, settings.CursorName, stopping))
        {
            var logged = (await MessageLog.ReadAsync(connection, schema, letter.Number - 1, 1, stopping)).Single();
            try
            {
                await consumer.HandleAsync(logged.Message, stopping);
                await DeadLetters.ForgetAsync(connection, schema, letter.Id, stopping);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                await DeadLetters.FailedAgainAsync(connection, schema, letter.Id, e, stopping);
            }
        }
    }

    /// <summary>The consumer's place in the log, and the one way a message is handed over.</summary>
    sealed class Reader(NpgsqlConnection connection, string schema, MessagingSettings settings, ILedgerConsumer consumer,
        ConsumerReport report, ILogger logger)
    {
        long saved = -1;
        public NpgsqlConnection Connection => connection;
        public long Cursor { get; set; }

        /// <summary>Handles every message after the cursor up to <paramref name="through"/>; returns how many.</summary>
        public async Task<int> CatchUpAsync(long through, CancellationToken stopping)
        {
            var count = 0;
            while (Cursor < through)
            {
                var batch = await MessageLog.ReadAsync(connection, schema, Cursor, Batch, stopping, through);
                if (batch.Count == 0) break;
                foreach (var message in batch) await HandleAsync(message, stopping);
                count += batch.Count;
                await SaveAsync();
            }
            return count;
        }

        /// <summary>Retried in place, so a later message never overtakes a failing one; then kept in the dead letters.</summary>
        public async Task HandleAsync(LoggedMessage logged, CancellationToken stopping)
        {
            for (var attempt = 0; ; attempt++)
            {
                try
                {
                    await consumer.HandleAsync(logged.Message, stopping);
                    break;
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    if (attempt < settings.RetryDelays.Count)
                    {
                        report.Tell($"message {logged.Number} ({logged.Message.Key}) failed: {e.Message}; trying again in {settings.RetryDelays[attempt].TotalSeconds:0.#} s.");
                        await Task.Delay(settings.RetryDelays[attempt], stopping);
                        continue;
                    }
                    await DeadLetters.AddAsync(connection, schema, settings.CursorName, logged, e, stopping);
                    report.Tell($"message {logged.Number} ({logged.Message.Key}) failed {attempt + 1} times; it is in the dead letters (dead-letters list --consumer {settings.Consumer}).");
                    break;
                }
            }
            Cursor = logged.Number;
        }

        /// <summary>Saves the cursor if it moved; also on the way out of a stop, so a clean restart repeats nothing.</summary>
        public async Task SaveAsync()
        {
            if (Cursor == saved) return;
            try
            {
                await MessageLog.SaveCursorAsync(connection, schema, settings.CursorName, Cursor, CancellationToken.None);
                saved = Cursor;
            }
            catch (Exception e) when (e is NpgsqlException or InvalidOperationException)
            {
                // The connection is gone: what was handled since the last save is handed over again, by key.
                logger.LogWarning(e, "could not save the cursor of {Consumer}", settings.Consumer);
            }
        }
    }
}
