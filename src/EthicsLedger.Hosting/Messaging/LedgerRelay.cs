using EthicsLedger.Contracts;
using EthicsLedger.Entries;
using EthicsLedger.Messaging;
using EthicsLedger.Projections.Organizations;
using EthicsLedger.Rules;
using JasperFx.Events.Daemon;
using JasperFx.Events.Projections;
using Marten;
using Wolverine;
using Wolverine.Marten.Subscriptions;

namespace EthicsLedger.Hosting.Messaging;

/// <summary>
/// An ordered Marten subscription: reads committed events in global sequence order (the daemon
/// never sees an uncommitted or rolled-back write), and publishes what each one makes true through
/// Wolverine's outbox, in the transaction that also moves the subscription's progress. So a
/// message leaves only after its event committed, in order, at least once (docs/messaging.md).
/// </summary>
public sealed class LedgerRelay : BatchSubscription
{
    readonly RelayPublisher publisher;

    public LedgerRelay(MessagingSettings settings, RelayPublisher publisher) : base(settings.Subscription)
    {
        this.publisher = publisher;
        foreach (var type in EntryTypes.ClrTypes.Values) IncludeType(type);
    }

    public override async Task ProcessEventsAsync(EventRange page, ISubscriptionController controller,
        IDocumentOperations operations, IMessageBus bus, CancellationToken cancellationToken)
    {
        var histories = new Dictionary<string, Known?>();
        var ledgers = new Dictionary<(string Org, DateTimeOffset Recorded), OrganizationLedger>();
        var told = new List<(LedgerMessage, LedgerPosition)>();
        var checks = new List<(CommitmentEntry, LedgerPosition)>();
        var today = publisher.Today;
        foreach (var e in page.Events)
        {
            if (e.Data is not Entry entry) continue;
            if (!histories.TryGetValue(entry.Org, out var known))
                histories[entry.Org] = known = await operations.LoadAsync<OrganizationHistory>(entry.Org, cancellationToken) is { } h ? new Known(h) : null;
            if (known is null) continue;

            // What the ledger knew once this event committed: its whole transaction (one import shares
            // one recorded time), so a pledge and its amendment in one file are judged together.
            if (!ledgers.TryGetValue((entry.Org, entry.Recorded), out var ledger))
                ledgers[(entry.Org, entry.Recorded)] = ledger = OrganizationLedger.Of(entry.Org, known.History.Entries, entry.Recorded);
            // What this relay has passed: every entry appended up to this one.
            var through = known.AppendOrder.GetValueOrDefault(entry.ContentHash, int.MaxValue);
            IEnumerable<string> touched = entry switch
            {
                CommitmentEntry c => [c.Commitment],
                ConductObserved => ledger.Commitments.Keys.Order(StringComparer.Ordinal),
                _ => [],
            };
            var position = new LedgerPosition(e.StreamKey!, e.Version, e.Sequence);
            told.AddRange(touched.Where(ledger.Commitments.ContainsKey)
                .SelectMany(c => Announcements.For(ledger.Commitments[c], ledger.Conducts, today))
                .Where(a => a.RestsOn.All(r => known.AppendOrder[r.ContentHash] <= through))
                .Select(a => (a.Message, position)));
            if (entry is CommitmentEntry commitmentEntry) checks.Add((commitmentEntry, position));
        }
        await publisher.PublishAsync(operations, bus, told, cancellationToken);
        foreach (var (entry, position) in checks) await publisher.ScheduleChecksAsync(bus, entry, position);
    }

    /// <summary>An organization's history, and where each entry stands in it: the history holds entries in append order.</summary>
    sealed class Known(OrganizationHistory history)
    {
        public OrganizationHistory History { get; } = history;

        public Dictionary<string, int> AppendOrder { get; } =
            history.Entries.Select((entry, index) => (entry.ContentHash, index)).ToDictionary(x => x.ContentHash, x => x.index);
    }
}
