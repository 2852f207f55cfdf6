using EthicsLedger.Contracts;
using EthicsLedger.Entries;
using EthicsLedger.Messaging;
using Marten;
using Wolverine;

namespace EthicsLedger.Hosting.Messaging;

/// <summary>
/// The relay's one rule, shared by the event subscription and the scheduled date checks: publish
/// each fact whose key this relay has not published yet, and remember it in the same transaction.
/// </summary>
public sealed class RelayPublisher(MessagingSettings settings, TimeProvider clock)
{
    public DateOnly Today => DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);

    /// <summary>Publishes, in the order given, each message whose key this relay has not published before.</summary>
    /// <param name="messages">Each with the position of the event it is published for.</param>
    public async Task PublishAsync(IDocumentOperations operations, IMessageBus bus,
        IReadOnlyList<(LedgerMessage Message, LedgerPosition Position)> messages, CancellationToken cancellation)
    {
        if (messages.Count == 0) return;
        // One query for the whole batch: which of these facts were told before?
        var ids = messages.Select(m => PublishedMessage.IdFor(settings.Relay, m.Message.Key)).Distinct().ToArray();
        var published = (await operations.LoadManyAsync<PublishedMessage>(cancellation, ids)).Select(p => p.Id).ToHashSet();
        foreach (var (message, position) in messages)
        {
            // Added here too, so a fact implied twice within the batch is told once.
            if (!published.Add(PublishedMessage.IdFor(settings.Relay, message.Key))) continue;
            // Insert, not store: a rival relay that published the same fact makes this transaction fail and retry.
            operations.Insert(new PublishedMessage { Id = PublishedMessage.IdFor(settings.Relay, message.Key), PublishedAt = clock.GetUtcNow() });
            await bus.PublishAsync(message with { Position = position });
        }
    }

    /// <summary>Books a check for every until or due date the entry names that is still ahead.</summary>
    public async Task ScheduleChecksAsync(IMessageBus bus, CommitmentEntry entry, LedgerPosition position)
    {
        foreach (var date in Announcements.Dates(entry).Distinct().Where(d => d > Today))
            await bus.ScheduleAsync(new CheckCommitmentDates(entry.Org, entry.Commitment, date, position), Until(date));
    }

    /// <summary>How long until <paramref name="date"/> begins (UTC) by this relay's clock.</summary>
    public TimeSpan Until(DateOnly date) => date.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc) - clock.GetUtcNow().UtcDateTime;
}
