using EthicsLedger.Contracts;
using EthicsLedger.Entries;
using EthicsLedger.Messaging;
using EthicsLedger.Projections;
using EthicsLedger.Rules;
using JasperFx.Events.Daemon;
using JasperFx.Events.Projections;
using Marten;
using Wolverine;
using Wolverine.Marten.Subscriptions;

namespace EthicsLedger.Hosting.Messaging;

/// <summary>
/// An ordered Marten subscription: reads committed events in global sequence order (the daemon
/// never sees an uncommitted or rolled-back write), and tells what each one makes true by writing
/// it to the message log (<see cref="MessageLog"/>), in the transaction that also moves the
/// subscription's progress. So a fact is logged only after its event committed, in order, exactly
/// once; the transports read the log (docs/messaging.md).
/// </summary>
public sealed class LedgerRelay : BatchSubscription
{
    /// <summary>One relay per ledger, whichever process runs it.</summary>
    public const string Name = "ledger-messages";

    readonly string schema;
    readonly TimeProvider clock;

    public LedgerRelay(string schema, TimeProvider clock) : base(Name)
    {
        this.schema = schema;
        this.clock = clock;
        foreach (var type in EntryTypes.ClrTypes.Values) IncludeType(type);
    }

    public override async Task ProcessEventsAsync(EventRange page, ISubscriptionController controller,
        IDocumentOperations operations, IMessageBus bus, CancellationToken cancellationToken)
    {
        var histories = new Dictionary<string, Known?>();
        var ledgers = new Dictionary<(string Org, DateTimeOffset Recorded), OrganizationLedger>();
        var told = new List<LedgerMessage>();
        var dates = new List<DueDate>();
        var today = DueDates.Today(clock);
        foreach (var e in page.Events)
        {
            if (e.Data is not Entry entry) continue;
            if (!histories.TryGetValue(entry.Org, out var known))
                histories[entry.Org] = known = await operations.DocumentStore.EntriesOfAsync(entry.Org, cancellationToken) is { Count: > 0 } h ? new Known(h) : null;
            if (known is null) continue;

            // What the ledger knew once this event committed: its whole transaction (one import shares
            // one recorded time), so a pledge and its amendment in one file are judged together.
            if (!ledgers.TryGetValue((entry.Org, entry.Recorded), out var ledger))
                ledgers[(entry.Org, entry.Recorded)] = ledger = OrganizationLedger.Of(entry.Org, known.Entries, entry.Recorded);
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
                .Select(a => a.Message with { Position = position }));
            // A date still ahead is booked for its day; one already come was just judged above.
            if (entry is CommitmentEntry named)
                dates.AddRange(Announcements.Dates(named).Where(d => d > today).Select(d => new DueDate(named.Org, named.Commitment, d, position)));
        }
        MessageLog.Append(operations, schema, told);
        DueDates.Book(operations, schema, dates);
    }

    /// <summary>An organization's entries, and where each stands among them: they are read in append order.</summary>
    sealed class Known(List<Entry> entries)
    {
        public List<Entry> Entries { get; } = entries;

        public Dictionary<string, int> AppendOrder { get; } =
            entries.Select((entry, index) => (entry.ContentHash, index)).ToDictionary(x => x.ContentHash, x => x.index);
    }
}
