namespace EthicsLedger.Hosting.Messaging;

/// <summary>
/// A fact one consumer's relay has published, written in the transaction that hands the message
/// to Wolverine's outbox: the relay's memory of what it has already told (id: consumer + key).
/// </summary>
public sealed class PublishedMessage
{
    public string Id { get; set; } = "";
    public DateTimeOffset PublishedAt { get; set; }

    public static string IdFor(string consumer, string key) => $"{consumer}/{key}";
}
