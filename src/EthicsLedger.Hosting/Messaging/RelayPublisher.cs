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

    /// <param name="publishedNow">Keys published earlier in the same transaction, which a load cannot see yet.</param>
    public async Task PublishAsync(IDocumentOperations operations, IMessageBus bus, IEnumerable<LedgerMessage> messages,
        LedgerPosition position, ISet<string> publishedNow, CancellationToken cancellation)
    {
        var candidates = messages.Where(m => !publishedNow.Contains(m.Key)).ToList();
        if (candidates.Count == 0) return;
        var ids = candidates.Select(m => PublishedMessage.IdFor(settings.Relay, m.Key)).ToArray();
        var published = (await operations.LoadManyAsync<PublishedMessage>(cancellation, ids)).Select(p => p.Id).ToHashSet();
        foreach (var message in candidates)
        {
            var id = PublishedMessage.IdFor(settings.Relay, message.Key);
            if (published.Contains(id) || !publishedNow.Add(message.Key)) continue;
            // Insert, not store: a rival relay that published the same fact makes this transaction fail and retry.
            operations.Insert(new PublishedMessage { Id = id, PublishedAt = clock.GetUtcNow() });
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
