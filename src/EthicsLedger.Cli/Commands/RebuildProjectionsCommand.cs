using EthicsLedger.Cli.Infrastructure;
using EthicsLedger.Projections.Commitments;
using EthicsLedger.Projections.Organizations;
using Marten;
using Spectre.Console;
using Spectre.Console.Cli;

namespace EthicsLedger.Cli.Commands;

/// <summary>Rebuilds every read model from the events: after a projection changes, or to prove they agree with the history.</summary>
public sealed class RebuildProjectionsCommand(LedgerConnection ledger, Output output) : AsyncCommand
{
    public override async Task<int> ExecuteAsync(CommandContext context, CancellationToken cancellation)
    {
        var store = await ledger.StoreAsync(cancellation);
        await output.Console.Status().StartAsync("Rebuilding read models", async status =>
        {
            using var daemon = await store.BuildProjectionDaemonAsync();
            foreach (var projection in new[] { typeof(CommitmentHistoryProjection), typeof(OrganizationHistoryProjection) })
            {
                status.Status($"Rebuilding {projection.Name}");
                await daemon.RebuildProjectionAsync(projection, TimeSpan.FromMinutes(10), cancellation);
            }
        });
        await using var session = store.QuerySession();
        output.Console.MarkupLine(
            $"Rebuilt: [green]{await session.Query<OrganizationHistory>().CountAsync(cancellation)}[/] organizations, " +
            $"[green]{await session.Query<CommitmentHistory>().CountAsync(cancellation)}[/] commitments.");
        return ExitCodes.Ok;
    }
}
