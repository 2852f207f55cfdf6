using EthicsLedger.Entries;
using JasperFx.Events;
using Marten;
using Marten.Events.Projections;

namespace EthicsLedger.Projections.Timeline;

public partial class TimelineProjection : EventProjection
{
    public TimelineProjection()
    {
        foreach (var type in EntryTypes.ClrTypes.Values) IncludeType(type);
    }

    public override ValueTask ApplyAsync(IDocumentOperations operations, IEvent e, CancellationToken cancellation)
    {
        if (e.Data is Entry entry) operations.Store(Row(entry, e));
        return ValueTask.CompletedTask;
    }

    static TimelineEntry Row(Entry entry, IEvent e) => new()
    {
        Id = entry.ContentHash,
        Type = entry.Type,
        Org = entry.Org,
        Commitment = (entry as CommitmentEntry)?.Commitment,
        Claim = ClaimOf(entry),
        On = entry.Date,
        Recorded = entry.Recorded,
        Stream = e.StreamKey ?? Streams.Of(entry),
        Sequence = e.Sequence,
        SourceUrl = (entry as DatedEntry)?.Source?.Url,
    };

    public static string? ClaimOf(Entry entry) => entry switch
    {
        ConductObserved c => $"conduct:{c.Id}",
        _ => null,
    };
}
