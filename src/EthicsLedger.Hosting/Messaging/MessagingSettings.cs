using System.Text.RegularExpressions;

namespace EthicsLedger.Hosting.Messaging;

/// <summary>How a consumer receives the log: read straight from PostgreSQL, or from its own queue on the RabbitMQ exchange.</summary>
public enum MessageTransport { Postgresql, RabbitMq }

/// <summary>
/// What a messaging process runs (docs/messaging.md): the relay (events → message log, date checks;
/// with RabbitMQ, log → exchange), a consumer, or both.
/// </summary>
/// <param name="Consumer">The consumer's name (its cursor, queue and dead letters); null for a relay alone.</param>
public sealed partial record MessagingSettings(string? Consumer, MessageTransport Transport = MessageTransport.Postgresql, string? RabbitMq = null)
{
    /// <summary>The topic exchange the relay feeds, unless another is named.</summary>
    public const string DefaultExchange = "ethicsledger";

    public const string RabbitMqVariable = "ETHICSLEDGER_RABBITMQ";
    public const string DefaultRabbitMq = "amqp://guest:guest@localhost:5672";

    public string Exchange { get; init; } = DefaultExchange;

    /// <summary>Whether this process also offers to run the relay. Exactly one process per ledger runs it; the others stand by.</summary>
    public bool HostsRelay { get; init; } = true;

    /// <summary>Start at this message number instead of where the consumer stopped.</summary>
    public long? From { get; init; }

    /// <summary>Stop once every message told so far was handled, instead of waiting for more.</summary>
    public bool UntilCaughtUp { get; init; }

    /// <summary>How long a failing message is retried in place, in order, before it goes to the dead letters.</summary>
    public IReadOnlyList<TimeSpan> RetryDelays { get; init; } =
        [TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(30)];

    /// <summary>How often a relay host looks for until and due dates that have come.</summary>
    public TimeSpan DateCheckInterval { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How long a reader waits for a notification before looking at the log anyway.</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>The consumer's durable queue on the exchange.</summary>
    public string Queue => $"{Exchange}.{Consumer}";

    /// <summary>Where the consumer's cursor is kept; consumer names have no ':', so these never meet the feeder's.</summary>
    public string CursorName => Consumer ?? throw new InvalidOperationException("a relay alone has no cursor");

    /// <summary>The exchange feeder's cursor and lock: one per ledger and exchange.</summary>
    public string FeederName => $"exchange:{Exchange}";

    public string RabbitMqUri => RabbitMq ?? Environment.GetEnvironmentVariable(RabbitMqVariable) ?? DefaultRabbitMq;

    /// <summary>Consumer names become queue names and cursor names, so they are kept to what both accept.</summary>
    public static string? Problem(string consumer) => ConsumerName().IsMatch(consumer)
        ? null
        : $"'{consumer}' is not a consumer name: use 1 to 40 lowercase letters, digits and underscores, starting with a letter.";

    [GeneratedRegex("^[a-z][a-z0-9_]{0,39}$")]
    private static partial Regex ConsumerName();
}
