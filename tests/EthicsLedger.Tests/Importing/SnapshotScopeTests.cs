using EthicsLedger.Entries;
using EthicsLedger.Projections;
using EthicsLedger.Storage;
using EthicsLedger.Tests.Support;
using Marten;
using static EthicsLedger.Tests.Support.Json;

namespace EthicsLedger.Tests.Importing;

/// <summary>
/// What an import reads of the ledger is what the file's rules look at, never the organization's whole history:
/// so one new entry costs the same on an organization of 10 entries as on one of 100,000 (issue 12).
/// </summary>
public class SnapshotScopeTests : IClassFixture<LedgerFixture>
{
    readonly LedgerFixture _fixture;
    public SnapshotScopeTests(LedgerFixture fixture) => _fixture = fixture;

    [Fact]
    public async Task an_amendment_reads_its_commitment_its_registration_and_the_conduct_on_its_topic_only()
    {
        var file = await LedgerFixture.WriteFileAsync([
            Org("wide"),
            .. Enumerable.Range(0, 20).Select(i => Made($"wide-{i}", "wide", "2020-01-01", topic: i % 2 == 0 ? "faces" : "weapons")),
            .. Enumerable.Range(0, 20).Select(i => Amended($"wide-{i}", "2020-02-01")),
            Conduct("wide-sale-faces", "2020-03-01", org: "wide", topic: "faces"),
            Conduct("wide-sale-weapons", "2020-03-01", org: "wide", topic: "weapons")]);
        (await _fixture.RunAsync("import", file)).Exit.ShouldBe(0);

        var snapshot = await SnapshotAsync(Amended("wide-4", "2020-04-01"));

        snapshot.Entries.OfType<CommitmentEntry>().Select(e => e.Commitment).Distinct().ShouldBe(["wide-4"]);
        snapshot.Entries.OfType<CommitmentEntry>().Count().ShouldBe(2);
        snapshot.Entries.OfType<OrganizationRegistered>().ShouldHaveSingleItem().Org.ShouldBe("wide");
        snapshot.Entries.OfType<ConductObserved>().ShouldHaveSingleItem().Id.ShouldBe("wide-sale-faces");
    }

    [Fact]
    public async Task a_new_conduct_reads_every_commitment_of_its_organization_on_its_topic()
    {
        var file = await LedgerFixture.WriteFileAsync([
            Org("topical"),
            .. Enumerable.Range(0, 6).Select(i => Made($"topical-{i}", "topical", "2020-01-01", topic: i % 3 == 0 ? "faces" : "weapons"))]);
        (await _fixture.RunAsync("import", file)).Exit.ShouldBe(0);

        var snapshot = await SnapshotAsync(Conduct("topical-sale", "2020-03-01", org: "topical", topic: "faces"));

        snapshot.Entries.OfType<CommitmentMade>().Select(m => m.Commitment).Order().ShouldBe(["topical-0", "topical-3"]);
    }

    [Fact]
    public async Task a_file_the_ledger_already_holds_reads_nothing_but_its_content_hashes()
    {
        string[] lines = [Org("held"), Made("held-c", "held", "2020-01-01"), Amended("held-c", "2020-02-01")];
        (await _fixture.RunAsync("import", await LedgerFixture.WriteFileAsync(lines))).Exit.ShouldBe(0);

        var snapshot = await SnapshotAsync(lines);

        snapshot.Entries.ShouldBeEmpty();
        snapshot.KnownContent.Count.ShouldBe(3);
    }

    async Task<EthicsLedger.Importing.LedgerSnapshot> SnapshotAsync(params string[] lines)
    {
        var store = await _fixture.Ledger.StoreAsync();
        await using var session = store.LightweightSession();
        await session.BeginTransactionAsync(default);
        return await new MartenLedgerReader().SnapshotForAsync(session, TestLedger.Parse(lines), default);
    }
}
