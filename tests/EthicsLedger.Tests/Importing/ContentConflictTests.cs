using EthicsLedger.Tests.Support;
using static EthicsLedger.Tests.Importing.ImportAssertions;
using static EthicsLedger.Tests.Support.Json;

namespace EthicsLedger.Tests.Importing;

/// <summary>
/// "a re-registration or re-made commitment whose content differs from the recorded one";
/// "Content is the whole parsed object, `source` included".
/// </summary>
public class ContentConflictTests
{
    [Fact]
    public void a_re_registration_with_another_name_is_refused()
    {
        var ledger = Recorded(Org("acme"));
        TestLedger.Check(ledger, With(Org("acme"), ("name", "Acme Corporation"))).ShouldRefuseOnly(1, "acme");
    }

    [Fact]
    public void a_re_registration_adding_an_alias_is_refused()
    {
        var ledger = Recorded(Org("acme"));
        TestLedger.Check(ledger, With(Org("acme"), ("aliases", new[] { "ACME" }))).ShouldRefuseOnly(1, "acme");
    }

    [Fact]
    public void an_identical_re_registration_is_a_no_op()
    {
        var ledger = Recorded(Org("acme"));
        var plan = TestLedger.Check(ledger, Org("acme"));
        plan.ShouldBeAccepted(0);
        plan.AlreadyInLedger.ShouldBe(1);
    }

    [Fact]
    public void two_different_registrations_of_one_organization_in_a_file_refuse_the_later_line()
    {
        TestLedger.Check(null, Org("acme"), With(Org("acme"), ("name", "Acme Corporation"))).ShouldRefuseOnly(2, "acme");
    }

    [Fact]
    public void a_registration_of_another_organization_is_accepted()
    {
        var ledger = Recorded(Org("acme"));
        TestLedger.Check(ledger, Org("other")).ShouldBeAccepted(1);
    }

    [Fact]
    public void a_re_made_commitment_with_another_statement_is_refused()
    {
        var ledger = Recorded(Org(), Made("c1"));
        TestLedger.Check(ledger, With(Made("c1"), ("statement", "We might."))).ShouldRefuseOnly(1, "c1");
    }

    [Fact]
    public void a_re_made_commitment_with_another_source_is_refused()
    {
        var ledger = Recorded(Org(), Made("c1"));
        TestLedger.Check(ledger, With(Made("c1"), ("source", Source("https://example.org/other")))).ShouldRefuseOnly(1, "c1");
    }

    [Fact]
    public void a_re_made_commitment_with_another_date_is_refused()
    {
        var ledger = Recorded(Org(), Made("c1", on: "2020-01-01"));
        TestLedger.Check(ledger, Made("c1", on: "2020-02-01")).ShouldRefuseOnly(1, "c1");
    }

    [Fact]
    public void a_re_made_commitment_for_another_organization_is_refused()
    {
        var ledger = Recorded(Org("acme"), Org("other"), Made("c1", org: "acme"));
        TestLedger.Check(ledger, Made("c1", org: "other")).ShouldRefuseOnly(1, "c1");
    }

    [Fact]
    public void an_identical_re_made_commitment_is_a_no_op()
    {
        var ledger = Recorded(Org(), Made("c1"));
        var plan = TestLedger.Check(ledger, Made("c1"));
        plan.ShouldBeAccepted(0);
        plan.AlreadyInLedger.ShouldBe(1);
    }

    [Fact]
    public void two_different_mades_of_one_commitment_in_a_file_refuse_the_later_line()
    {
        TestLedger.Check(null, Org(), Made("c1"), With(Made("c1"), ("statement", "We might."))).ShouldRefuseOnly(3, "c1");
    }

    [Fact]
    public void a_made_of_another_commitment_is_accepted()
    {
        var ledger = Recorded(Org(), Made("c1"));
        TestLedger.Check(ledger, Made("c2")).ShouldBeAccepted(1);
    }
}
