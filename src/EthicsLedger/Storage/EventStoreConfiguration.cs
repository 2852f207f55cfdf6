using System.Text.Json;
using EthicsLedger.Entries;
using JasperFx.Events;
using Marten;

namespace EthicsLedger.Storage;

public static class EventStoreConfiguration
{
    /// <summary>Stores each entry type under its contract name, on string-keyed streams, in <paramref name="schema"/>.</summary>
    public static StoreOptions ConfigureLedgerEvents(this StoreOptions options, string schema)
    {
        options.DatabaseSchemaName = schema;
        options.Events.DatabaseSchemaName = schema;
        options.Events.StreamIdentity = StreamIdentity.AsString;
        // Quick appends need no round trip to read versions first; the read models count stream
        // versions themselves, so they don't need the versions Rich mode hands to inline projections.
        // Plain Quick stamps appends to an existing stream with the database's now(), not the event's
        // timestamp: this mode writes the recorded time the import set, on every kind of append.
        options.Events.AppendMode = EventAppendMode.QuickWithServerTimestamps;
        // Each append's commit wakes the relay's daemon (LISTEN/NOTIFY) instead of waiting for its next poll.
        options.Events.UseListenNotifyForEventAppends = true;
        // PostgreSQL's jsonb reorders keys, so the entry-type discriminator is not always first.
        options.UseSystemTextJsonForSerialization(configure: json => json.AllowOutOfOrderMetadataProperties = true);
        foreach (var (name, type) in EntryTypes.ClrTypes) options.Events.MapEventType(type, name);
        return options;
    }
}
