using Wolverine.Attributes;

namespace EthicsLedger.Contracts;

// The wire names are fixed here, one per message and version (docs/messaging.md): a new,
// incompatible shape gets a new type and name (".v2"), never a silent change to these.

/// <summary>A <c>commitment.made</c> entry: a pledge, moratorium, divestment, exit or policy.</summary>
[MessageIdentity(MessageNames.PledgeMade)]
public sealed record PledgeMade : LedgerMessage
{
    public required string Statement { get; init; }
    public required MessageTerm Term { get; init; }
}

/// <summary>A <c>commitment.amended</c> entry, with the term in effect from its date.</summary>
[MessageIdentity(MessageNames.CommitmentAmended)]
public sealed record CommitmentAmended : LedgerMessage
{
    public string? Reason { get; init; }
    public required MessageTerm Term { get; init; }
}

/// <summary>An ending entry; <see cref="Status"/> is <c>released</c>, <c>fulfilled</c> or <c>withdrawn</c>.</summary>
[MessageIdentity(MessageNames.CommitmentEnded)]
public sealed record CommitmentEnded : LedgerMessage
{
    public required string Status { get; init; }
}

/// <summary>The commitment's <c>until</c> date came while it was still in force: it expired.</summary>
[MessageIdentity(MessageNames.CommitmentLapsed)]
public sealed record CommitmentLapsed : LedgerMessage
{
    public required DateOnly Until { get; init; }
}

/// <summary>The <c>due</c> date passed with the commitment unfulfilled (the <c>deadline-missed</c> flag).</summary>
[MessageIdentity(MessageNames.DeadlineMissed)]
public sealed record DeadlineMissed : LedgerMessage
{
    public required DateOnly Due { get; init; }
}

/// <summary>A <c>violation</c>, <c>contradicting-conduct</c> or <c>withdrawn-early</c> flag was raised.</summary>
[MessageIdentity(MessageNames.FlagRaised)]
public sealed record FlagRaised : LedgerMessage
{
    public required string Flag { get; init; }
    public required string FlagKind { get; init; }
    /// <summary>The state it starts in: <c>alleged</c>, or <c>confirmed</c> for a withdrawal.</summary>
    public required string State { get; init; }
}

/// <summary>A <c>flag.confirmed</c> or <c>flag.dismissed</c> entry; <see cref="State"/> says which.</summary>
[MessageIdentity(MessageNames.FlagResolved)]
public sealed record FlagResolved : LedgerMessage
{
    public required string Flag { get; init; }
    public required string FlagKind { get; init; }
    public required string State { get; init; }
}

/// <summary>A commitment's term as of the message: dates as <c>yyyy-MM-dd</c>, absent ones null.</summary>
public sealed record MessageTerm(DateOnly From, DateOnly? Until, string? Condition, DateOnly? Due);

/// <summary>The stable wire name of each message: the <c>message-type</c> header and the RabbitMQ routing key.</summary>
public static class MessageNames
{
    public const string PledgeMade = "ethicsledger.pledge-made.v1";
    public const string CommitmentAmended = "ethicsledger.commitment-amended.v1";
    public const string CommitmentEnded = "ethicsledger.commitment-ended.v1";
    public const string CommitmentLapsed = "ethicsledger.commitment-lapsed.v1";
    public const string DeadlineMissed = "ethicsledger.deadline-missed.v1";
    public const string FlagRaised = "ethicsledger.flag-raised.v1";
    public const string FlagResolved = "ethicsledger.flag-resolved.v1";
}
