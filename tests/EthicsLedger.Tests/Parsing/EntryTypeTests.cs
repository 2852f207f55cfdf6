using EthicsLedger.Entries;
using static EthicsLedger.Tests.Parsing.Parsed;

namespace EthicsLedger.Tests.Parsing;

/// <summary>"Each object has a type": one of the contract's eleven, spelled exactly; each is read into its entry with every field.</summary>
public class EntryTypeTests
{
    [Fact]
    public void the_table_has_the_contracts_eleven_types() =>
        EntryTable.All.Select(s => s.Type).ShouldBe(EntryTypes.ClrTypes.Keys, ignoreOrder: true);

    [Theory]
    [InlineData("commitment.broken")]
    [InlineData("Commitment.Made")]
    [InlineData("COMMITMENT.MADE")]
    [InlineData("commitment_made")]
    [InlineData("commitment-made")]
    [InlineData("made")]
    [InlineData("commitment")]
    [InlineData(" commitment.made")]
    [InlineData("commitment.made ")]
    [InlineData("commitment.made.")]
    [InlineData("organization.registered.v2")]
    public void an_unknown_type_is_refused_and_the_reason_says_so(string type)
    {
        var line = JsonEdit.SetText(EntryTable.Full("commitment.made"), "type", type);
        var reason = Refused(line);
        (reason.Contains("type") || reason.Contains(type.Trim())).ShouldBeTrue(reason);
    }

    [Fact]
    public void the_fields_of_one_type_do_not_make_a_line_of_another()
    {
        // A commitment.made with the type of an ending: kind, org, topic, statement and scope are unknown there.
        Refused(JsonEdit.SetText(EntryTable.Full("commitment.made"), "type", "commitment.withdrawn"));
        // An ending with the type of an amendment: note is unknown there.
        Refused(JsonEdit.SetText(EntryTable.Full("commitment.fulfilled"), "type", "commitment.amended")).ShouldName("note");
    }

    [Fact]
    public void an_organization_registered_is_read_with_every_field()
    {
        var e = Accepted<OrganizationRegistered>(EntryTable.Full("organization.registered"));
        e.Org.ShouldBe("acme");
        e.Name.ShouldBe("Acme Inc.");
        e.Aliases.ShouldBe(["Acme", "ACME Corp."]);
        e.Identifiers.ShouldNotBeNull().Wikidata.ShouldBe("Q1");
        e.Identifiers.Lei.ShouldBe("5493001KJTIIGC8Y1R12");
        e.Date.ShouldBeNull();
    }

    [Fact]
    public void an_organization_registered_without_its_optional_fields_has_none()
    {
        var e = Accepted<OrganizationRegistered>(EntryTable.Get("organization.registered").Minimal);
        e.Aliases.ShouldBeNull();
        e.Identifiers.ShouldBeNull();
        var onlyLei = Accepted<OrganizationRegistered>(JsonEdit.Set(EntryTable.Full("organization.registered"), "identifiers", """{"lei":"X"}"""));
        onlyLei.Identifiers.ShouldNotBeNull().Wikidata.ShouldBeNull();
        onlyLei.Identifiers.Lei.ShouldBe("X");
    }

    [Fact]
    public void a_commitment_made_is_read_with_every_field()
    {
        var e = Accepted<CommitmentMade>(EntryTable.Full("commitment.made"));
        e.Commitment.ShouldBe("c1");
        e.Org.ShouldBe("acme");
        e.Kind.ShouldBe("moratorium");
        e.Topic.ShouldBe("facial-recognition");
        e.Statement.ShouldBe("We will not sell it to the police.");
        e.On.ShouldBe(new DateOnly(2020, 6, 10));
        e.Source.ShouldNotBeNull().Url.ShouldBe(EntryTable.Url);
        var scope = e.Scope.ShouldNotBeNull();
        scope.Activities.ShouldBe(["sell"]);
        scope.Counterparties.ShouldBe(["us-police"]);
        scope.Regions.ShouldBe(["us"]);
        scope.Exceptions.ShouldBe(["us-army"]);
        var term = e.Term.ShouldNotBeNull();
        term.From.ShouldBe(new DateOnly(2020, 6, 10));
        term.Until.ShouldBe(new DateOnly(2021, 6, 10));
        term.Due.ShouldBe(new DateOnly(2021, 1, 1));
        term.Condition.ShouldBe("A federal law grounded in human rights is in effect.");
    }

    [Fact]
    public void a_commitment_made_without_scope_or_term_has_neither()
    {
        var e = Accepted<CommitmentMade>(EntryTable.Get("commitment.made").Minimal);
        e.Scope.ShouldBeNull();
        e.Term.ShouldBeNull();
    }

    [Fact]
    public void a_commitment_amended_is_read_with_every_field()
    {
        var e = Accepted<CommitmentAmended>(EntryTable.Full("commitment.amended"));
        e.Commitment.ShouldBe("c1");
        e.On.ShouldBe(new DateOnly(2021, 5, 18));
        e.Reason.ShouldBe("Extended.");
        e.Statement.ShouldBe("We still will not sell it.");
        e.Scope.ShouldNotBeNull().Counterparties.ShouldBe(["us-police"]);
        e.Term.ShouldNotBeNull().Until.ShouldBe(new DateOnly(2021, 6, 10));
        e.Source.ShouldNotBeNull();
    }

    [Fact]
    public void the_ending_entries_are_read_with_every_field()
    {
        var met = Accepted<CommitmentConditionMet>(EntryTable.Full("commitment.condition-met"));
        (met.Commitment, met.On, met.Note).ShouldBe(("c1", new DateOnly(2023, 1, 1), "The law passed."));
        met.Source.ShouldNotBeNull();
        var fulfilled = Accepted<CommitmentFulfilled>(EntryTable.Full("commitment.fulfilled"));
        (fulfilled.Commitment, fulfilled.On, fulfilled.Note).ShouldBe(("c1", new DateOnly(2023, 1, 1), "Sold the last shares."));
        var withdrawn = Accepted<CommitmentWithdrawn>(EntryTable.Full("commitment.withdrawn"));
        (withdrawn.Commitment, withdrawn.On, withdrawn.Reason).ShouldBe(("c1", new DateOnly(2023, 1, 1), "Changed its mind."));
        Accepted<CommitmentWithdrawn>(EntryTable.Get("commitment.withdrawn").Minimal).Reason.ShouldBeNull();
        Accepted<CommitmentFulfilled>(EntryTable.Get("commitment.fulfilled").Minimal).Note.ShouldBeNull();
    }

    [Fact]
    public void a_conduct_observed_is_read_with_every_field()
    {
        var e = Accepted<ConductObserved>(EntryTable.Full("conduct.observed"));
        (e.Id, e.Org, e.Topic, e.Activity, e.Counterparty, e.Region).ShouldBe(("sale-2024", "acme", "facial-recognition", "sell", "us-police", "us-ca"));
        e.Description.ShouldBe("Sold it to a police department.");
        e.On.ShouldBe(new DateOnly(2024, 1, 15));
        var minimal = Accepted<ConductObserved>(EntryTable.Get("conduct.observed").Minimal);
        minimal.Counterparty.ShouldBeNull();
        minimal.Region.ShouldBeNull();
    }

    [Fact]
    public void the_flag_entries_are_read_with_every_field()
    {
        var alleged = Accepted<ViolationAlleged>(EntryTable.Full("violation.alleged"));
        (alleged.Commitment, alleged.Flag, alleged.Allegation, alleged.By).ShouldBe(("c1", "sale-report", "It sold it anyway.", "Amnesty International"));
        Accepted<ViolationAlleged>(EntryTable.Get("violation.alleged").Minimal).By.ShouldBeNull();

        var confirmed = Accepted<FlagConfirmed>(EntryTable.Full("flag.confirmed"));
        (confirmed.Commitment, confirmed.Flag, confirmed.By, confirmed.Finding).ShouldBe(("c1", "sale-report", "Independent Auditor", "It did."));
        confirmed.On.ShouldBe(new DateOnly(2022, 3, 1));

        var dismissed = Accepted<FlagDismissed>(EntryTable.Full("flag.dismissed"));
        (dismissed.Commitment, dismissed.Flag, dismissed.By, dismissed.Reason).ShouldBe(("c1", "sale-report", "Independent Auditor", "It did not."));
    }

    [Fact]
    public void a_commitment_attested_is_read_with_every_field()
    {
        var e = Accepted<CommitmentAttested>(EntryTable.Full("commitment.attested"));
        (e.Commitment, e.By, e.Verdict, e.Note, e.Methodology).ShouldBe(("c1", "Independent Auditor", "kept", "Checked every contract.", "Reviewed the contracts."));
        e.On.ShouldBe(new DateOnly(2022, 6, 1));
        Accepted<CommitmentAttested>(EntryTable.Get("commitment.attested").Minimal).Methodology.ShouldBeNull();
    }
}
