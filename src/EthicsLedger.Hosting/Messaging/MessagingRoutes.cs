using System.Text.Json;
using EthicsLedger.Contracts;
using JasperFx.Core;
using Wolverine;
using Wolverine.ErrorHandling;
using Wolverine.Postgresql;
using Wolverine.Postgresql.Transport;
using Wolverine.RabbitMQ;

namespace EthicsLedger.Hosting.Messaging;

/// <summary>Where a consumer's messages travel, how failures are retried, and what lands in its dead letters.</summary>
public static class MessagingRoutes
{
    public const string DateChecksQueue = "commitment-dates";

    public static void Configure(WolverineOptions options, MessagingSettings settings)
    {
        // Each consumer owns its Wolverine storage schema, so it is the only node there.
        options.Durability.Mode = DurabilityMode.Solo;
        options.UseSystemTextJsonForSerialization(json => json.PropertyNamingPolicy = JsonNamingPolicy.CamelCase);
        options.Discovery.IncludeType(typeof(LedgerMessageHandler));
        options.Discovery.IncludeType(typeof(CheckCommitmentDatesHandler));

        // Date checks wait in the consumer's own durable storage, whatever the transport.
        options.PublishMessage<CheckCommitmentDates>().ToLocalQueue(DateChecksQueue);
        options.LocalQueue(DateChecksQueue).UseDurableInbox().Sequential();

        // Retried in place, so a later message about the same commitment never overtakes a failing one.
        options.Policies.OnAnyException().RetryWithCooldown([.. settings.RetryDelays]).Then.MoveToErrorQueue();

        switch (settings.Transport)
        {
            case MessageTransport.Local:
                options.Publish(rule => { rule.MessagesFromNamespaceContaining<LedgerMessage>(); rule.ToLocalQueue(settings.Queue); });
                options.LocalQueue(settings.Queue).UseDurableInbox().Sequential();
                break;
            case MessageTransport.Postgresql:
                options.Publish(rule => { rule.MessagesFromNamespaceContaining<LedgerMessage>(); rule.ToPostgresqlQueue(settings.Queue); });
                // LISTEN/NOTIFY wakes the listener at once; polling stays as the fallback (idle default: 5 s).
                options.Transports.GetOrCreate<PostgresqlTransport>().EnableQueueNotifications = true;
                options.ListenToPostgresqlQueue(settings.Queue).PollingInterval(TimeSpan.FromMilliseconds(500))
                    .MaximumMessagesToReceive(100).UseDurableInbox().Sequential();
                break;
            case MessageTransport.RabbitMq:
                options.UseRabbitMq(new Uri(settings.RabbitMqUri)).AutoProvision()
                    // Dead letters in the consumer's database, listed and replayed like the other transports'.
                    .CustomizeDeadLetterQueueing(new DeadLetterQueue("ethicsledger-dead-letters", DeadLetterQueueMode.WolverineStorage));
                options.Publish(rule => { rule.MessagesFromNamespaceContaining<LedgerMessage>(); rule.ToRabbitTopics(MessagingSettings.Exchange); });
                options.ListenToRabbitQueue(settings.Queue, queue => queue.BindExchange(MessagingSettings.Exchange, "#"))
                    .UseDurableInbox().Sequential();
                break;
        }
    }
}
