using EthicsLedger.Contracts;

namespace EthicsLedger.Hosting.Messaging;

/// <summary>What a consumer does with each message. Throw to have it retried, then dead-lettered.</summary>
public interface ILedgerConsumer
{
    Task HandleAsync(LedgerMessage message, CancellationToken cancellation);
}
