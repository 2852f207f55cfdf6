using EthicsLedger.Contracts;

namespace EthicsLedger.Hosting.Messaging;

/// <summary>Hands every ledger message to the host's one <see cref="ILedgerConsumer"/>.</summary>
public static class LedgerMessageHandler
{
    // One method per message type: Wolverine routes concrete types to handlers.
    public static Task Handle(PledgeMade m, ILedgerConsumer consumer, CancellationToken c) => consumer.HandleAsync(m, c);
    public static Task Handle(CommitmentAmended m, ILedgerConsumer consumer, CancellationToken c) => consumer.HandleAsync(m, c);
    public static Task Handle(CommitmentEnded m, ILedgerConsumer consumer, CancellationToken c) => consumer.HandleAsync(m, c);
    public static Task Handle(CommitmentLapsed m, ILedgerConsumer consumer, CancellationToken c) => consumer.HandleAsync(m, c);
    public static Task Handle(DeadlineMissed m, ILedgerConsumer consumer, CancellationToken c) => consumer.HandleAsync(m, c);
    public static Task Handle(FlagRaised m, ILedgerConsumer consumer, CancellationToken c) => consumer.HandleAsync(m, c);
    public static Task Handle(FlagResolved m, ILedgerConsumer consumer, CancellationToken c) => consumer.HandleAsync(m, c);
}
