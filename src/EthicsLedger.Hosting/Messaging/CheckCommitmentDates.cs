using EthicsLedger.Contracts;

namespace EthicsLedger.Hosting.Messaging;

/// <summary>
/// Scheduled for the day an until or due date falls: look again at the commitment and publish what
/// time alone brought (a lapse, a missed deadline) — nothing if it was amended, ended or fulfilled
/// first. Durable: it waits in the consumer's Wolverine storage across restarts.
/// </summary>
/// <param name="Position">The event that named the date; the messages it leads to carry it.</param>
public sealed record CheckCommitmentDates(string Org, string Commitment, DateOnly Date, LedgerPosition Position);
