using System.Collections;
using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace EthicsLedger.Hosting.Audit;

/// <summary>
/// Whether two payloads hold the same fields: what serializing both to JSON and comparing the text tells,
/// without writing either. The fields are those System.Text.Json serializes (its contract for the type), so a
/// field added to an entry is compared without being listed here; lists are compared item by item, whatever
/// their runtime type (the parser and the deserializer build different ones).
/// </summary>
static class PayloadFields
{
    static readonly JsonSerializerOptions Options = JsonSerializerOptions.Default;

    // The options' own cache checks each type's validity on every lookup; this is asked once per field of every event.
    static readonly ConcurrentDictionary<Type, JsonTypeInfo> Contracts = new();

    public static bool Same(object? a, object? b)
    {
        if (a is null || b is null) return a is null && b is null;
        if (a is string text) return b is string other && string.Equals(text, other, StringComparison.Ordinal);
        var contract = Contracts.GetOrAdd(a.GetType(), Options.GetTypeInfo);
        switch (contract.Kind)
        {
            case JsonTypeInfoKind.Object:
                // Another record type is another entry (or value), even with the same fields.
                if (a.GetType() != b.GetType()) return false;
                foreach (var property in contract.Properties)
                    if (property.Get is { } get && !Same(get(a), get(b))) return false;
                return true;
            case JsonTypeInfoKind.Enumerable when b is IEnumerable:
                var left = ((IEnumerable)a).GetEnumerator();
                var right = ((IEnumerable)b).GetEnumerator();
                while (left.MoveNext())
                    if (!right.MoveNext() || !Same(left.Current, right.Current)) return false;
                return !right.MoveNext();
            case JsonTypeInfoKind.None:
                // A value written as one JSON token: equal values write alike. A time with another offset is written otherwise.
                return a is DateTimeOffset time ? b is DateTimeOffset otherTime && time.EqualsExact(otherTime) : a.Equals(b);
            default:
                // No entry holds a dictionary today; should one, its JSON is compared as before.
                return JsonSerializer.Serialize(a, a.GetType(), Options) == JsonSerializer.Serialize(b, b.GetType(), Options);
        }
    }
}
