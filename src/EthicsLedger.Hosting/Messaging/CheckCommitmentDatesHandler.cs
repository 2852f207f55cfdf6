using EthicsLedger.Messaging;
using EthicsLedger.Projections.Organizations;
using Marten;
using Wolverine;

namespace EthicsLedger.Hosting.Messaging;

public static class CheckCommitmentDatesHandler
{
    public static async Task Handle(CheckCommitmentDates check, IDocumentSession session, IMessageBus bus,
        RelayPublisher publisher, CancellationToken cancellation)
    {
        // Early by this relay's clock (it can differ from the scheduler's): look again when the day begins.
        if (publisher.Today < check.Date)
        {
            await bus.ScheduleAsync(check, publisher.Until(check.Date));
            return;
        }
        var history = await session.LoadAsync<OrganizationHistory>(check.Org, cancellation);
        if (history?.Ledger(DateTimeOffset.MaxValue) is not { } ledger
            || !ledger.Commitments.TryGetValue(check.Commitment, out var timeline)) return;
        await publisher.PublishAsync(session, bus,
            Announcements.For(timeline, ledger.Conducts, publisher.Today).Select(a => (a.Message, check.Position)).ToList(), cancellation);
    }
}
