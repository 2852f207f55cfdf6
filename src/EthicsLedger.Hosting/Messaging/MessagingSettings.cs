using System.Text.RegularExpressions;

namespace EthicsLedger.Hosting.Messaging;

public enum MessageTransport { Local, Postgresql, RabbitMq }

/// <summary>
/// Who is listening and how messages reach it. Each consumer has its own Wolverine inbox,
/// scheduled checks and dead letters (schema <see cref="StorageSchema"/>), its own queue, and —
/// except over RabbitMQ, see <see cref="Relay"/> — its own relay.
/// </summary>
public sealed partial record MessagingSettings(string Consumer, MessageTransport Transport = MessageTransport.Local, string? RabbitMq = null)
{
    /// <summary>The topic exchange every RabbitMQ relay publishes to (docs/messaging.md).</summary>
    public const string Exchange = "ethicsledger";

    public const string RabbitMqVariable = "ETHICSLEDGER_RABBITMQ";
    public const string DefaultRabbitMq = "amqp://guest:guest@localhost:5672";

    /// <summary>How long a failing message is retried in place, in order, before it goes to the dead letters.</summary>
    public IReadOnlyList<TimeSpan> RetryDelays { get; init; } =
        [TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(30)];

    public string StorageSchema(string ledgerSchema) => $"{ledgerSchema}_{Consumer}";
    public static string QueueSchema(string ledgerSchema) => $"{ledgerSchema}_queues";

    /// <summary>The consumer's queue: a local queue, a table in the queue schema, or a RabbitMQ queue bound to <see cref="Exchange"/>.</summary>
    public string Queue => Transport == MessageTransport.RabbitMq ? $"{Exchange}.{Consumer}" : Consumer;

    /// <summary>
    /// With RabbitMQ one relay per ledger feeds the exchange, whoever listens; with the other
    /// transports each consumer's relay feeds its own queue.
    /// </summary>
    public string Relay => Transport == MessageTransport.RabbitMq ? "rabbitmq" : Consumer;

    public string Subscription => $"ledger-messages-{Relay}";

    public string RabbitMqUri => RabbitMq ?? Environment.GetEnvironmentVariable(RabbitMqVariable) ?? DefaultRabbitMq;

    /// <summary>Consumer names become schema and queue names, so they are kept to what both accept.</summary>
    public static string? Problem(string consumer) => ConsumerName().IsMatch(consumer)
        ? null
        : $"'{consumer}' is not a consumer name: use 1 to 40 lowercase letters, digits and underscores, starting with a letter.";

    [GeneratedRegex("^[a-z][a-z0-9_]{0,39}$")]
    private static partial Regex ConsumerName();
}
