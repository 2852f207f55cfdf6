using System.Text.Json;
using EthicsLedger.Cli.Commands;
using EthicsLedger.Entries;
using EthicsLedger.Integrity;
using EthicsLedger.Tests.Support;

namespace EthicsLedger.Tests.Integration;

/// <summary>
/// Someone with write access to the database changes history by direct SQL; <c>verify</c> must
/// notice, name the damage and point at the first bad event. Each test tampers with a ledger of
/// its own: the demo story, checkpointed and signed.
/// </summary>
public class TamperingTests
{
    const string Moratorium = "commitment:amazon-rekognition-police-moratorium";
    const string MicrosoftOrg = "org:microsoft";

    static async Task<LedgerFixture> SignedLedgerAsync()
    {
        var fixture = new LedgerFixture();
        await fixture.InitializeAsync();
        (await fixture.RunAsync("import", DemoCommand.StoryFile)).Exit.ShouldBe(0);
        (await fixture.RunAsync("checkpoint")).Exit.ShouldBe(0);
        return fixture;
    }

    static async Task<(int Exit, JsonElement Report)> VerifyAsync(LedgerFixture fixture)
    {
        var run = await fixture.RunAsync("verify", "--json");
        return (run.Exit, JsonDocument.Parse(run.Json).RootElement);
    }

    static JsonElement First(JsonElement report) => report.GetProperty("problems")[0];

    static void ShouldName(JsonElement problem, string kind, string stream, long version)
    {
        problem.GetProperty("kind").GetString().ShouldBe(kind, problem.ToString());
        problem.GetProperty("stream").GetString().ShouldBe(stream, problem.ToString());
        problem.GetProperty("version").GetInt64().ShouldBe(version, problem.ToString());
    }

    [Fact]
    public async Task a_ledger_with_no_events_yet_verifies_ok_and_can_be_checkpointed_and_exported()
    {
        await using var fixture = new LedgerFixture();
        await fixture.InitializeAsync();

        (await fixture.RunAsync("checkpoint")).Exit.ShouldBe(0);
        var (exit, report) = await VerifyAsync(fixture);
        var export = await fixture.RunAsync("export", Path.Combine(Path.GetTempPath(), $"empty-{Guid.NewGuid():N}.json"));

        exit.ShouldBe(0, report.ToString());
        report.GetProperty("events").GetInt64().ShouldBe(0);
        export.Exit.ShouldBe(0, export.ToString());
    }

    [Fact]
    public async Task an_untouched_ledger_verifies_ok()
    {
        await using var fixture = await SignedLedgerAsync();
        var (exit, report) = await VerifyAsync(fixture);
        exit.ShouldBe(0, report.ToString());
        report.GetProperty("ok").GetBoolean().ShouldBeTrue();
        report.GetProperty("events").GetInt64().ShouldBe(13);
    }

    [Fact]
    public async Task an_updated_payload_is_named_at_its_event()
    {
        await using var fixture = await SignedLedgerAsync();
        await fixture.ExecuteAsync($"update {fixture.Schema}.mt_events set data = jsonb_set(data, '{{Statement}}', '\"We will sell.\"') where stream_id = '{Moratorium}' and version = 1");

        var (exit, report) = await VerifyAsync(fixture);

        exit.ShouldBe(VerifyCommand.Tampered);
        ShouldName(First(report), "payload-changed", Moratorium, 1);
    }

    /// <summary>
    /// Readers take the typed fields, not the content the digest covers: any of them changed, however deep, while
    /// content, hash and digest are left alone, is caught by re-reading the content.
    /// </summary>
    [Theory]
    [InlineData("'{Source,Url}', '\"https://example.org/elsewhere\"'")]       // a field of a nested object
    [InlineData("'{Scope,Activities,1}', '\"invest\"'")]                      // an item of a list
    [InlineData("'{Scope,Counterparties}', '[\"police\",\"fbi\"]'")]          // an item added to a list
    [InlineData("'{Term,Until}', '\"2031-06-10\"'")]                         // a date
    [InlineData("'{Term,NamesUntil}', 'false'")]                             // a flag
    public async Task a_typed_field_changed_while_its_content_was_not_is_named_at_its_event(string change)
    {
        await using var fixture = await SignedLedgerAsync();
        await fixture.ExecuteAsync($"update {fixture.Schema}.mt_events set data = jsonb_set(data, {change}) where stream_id = '{Moratorium}' and version = 1");

        var (exit, report) = await VerifyAsync(fixture);

        exit.ShouldBe(VerifyCommand.Tampered, report.ToString());
        ShouldName(First(report), "payload-changed", Moratorium, 1);
    }

    [Fact]
    public async Task a_line_number_changed_to_reorder_entries_recorded_together_is_named()
    {
        // The line number orders a day's entries recorded by one import, and the digest does not cover it.
        await using var fixture = await SignedLedgerAsync();
        await fixture.ExecuteAsync($"update {fixture.Schema}.mt_events set data = jsonb_set(data, '{{Line}}', '0') where stream_id = '{Moratorium}' and version = 2");

        var (exit, report) = await VerifyAsync(fixture);

        exit.ShouldBe(VerifyCommand.Tampered, report.ToString());
        ShouldName(First(report), "payload-changed", Moratorium, 2);
        First(report).GetProperty("detail").GetString()!.ShouldContain("line number");
    }

    [Fact]
    public async Task a_payload_rewritten_with_a_consistent_content_and_hash_still_breaks_its_digest()
    {
        await using var fixture = await SignedLedgerAsync();
        await fixture.ExecuteAsync($$"""
            update {{fixture.Schema}}.mt_events
            set data = jsonb_set(jsonb_set(data, '{Content}', to_jsonb(replace(data->>'Content', '"on":"2020-06-10"', '"on":"2020-06-11"'))),
                                 '{ContentHash}', to_jsonb(encode(sha256(convert_to(replace(data->>'Content', '"on":"2020-06-10"', '"on":"2020-06-11"'), 'UTF8')), 'hex')))
                       || '{"On":"2020-06-11"}'
            where stream_id = '{{Moratorium}}' and version = 1
            """);

        var (exit, report) = await VerifyAsync(fixture);

        exit.ShouldBe(VerifyCommand.Tampered);
        ShouldName(First(report), "payload-changed", Moratorium, 1);
    }

    [Theory]
    [InlineData("to_jsonb('key:mallory'::text)")] // blamed on someone else
    [InlineData("'null'::jsonb")]                  // made anonymous, as if recorded before 0.9
    public async Task who_recorded_an_event_is_covered_by_its_digest(string recorder)
    {
        await using var fixture = await SignedLedgerAsync();
        (await fixture.ScalarAsync<string>($"select data ->> 'RecordedBy' from {fixture.Schema}.mt_events where stream_id = '{Moratorium}' and version = 1"))
            .ShouldBe(Recorders.CommandLine());
        await fixture.ExecuteAsync($"update {fixture.Schema}.mt_events set data = jsonb_set(data, '{{RecordedBy}}', {recorder}) where stream_id = '{Moratorium}' and version = 1");

        var (exit, report) = await VerifyAsync(fixture);

        exit.ShouldBe(VerifyCommand.Tampered);
        ShouldName(First(report), "payload-changed", Moratorium, 1);
    }

    [Fact]
    public void the_digest_record_names_its_recorder_on_a_line_of_its_own_and_only_then_says_v2()
    {
        var at = new DateTimeOffset(2021, 5, 18, 9, 30, 0, TimeSpan.Zero).AddTicks(12340);
        EventDigest.Record("commitment.amended", "commitment:c", 2, at, null, "{}")
            .ShouldBe("ethicsledger-event-v1\ncommitment.amended\ncommitment:c\n2\n2021-05-18T09:30:00.001234Z\n{}");
        EventDigest.Record("commitment.amended", "commitment:c", 2, at, "key:alice", "{}")
            .ShouldBe("ethicsledger-event-v2\ncommitment.amended\ncommitment:c\n2\n2021-05-18T09:30:00.001234Z\nkey:alice\n{}");
    }

    [Fact]
    public async Task a_deleted_event_is_named_by_its_stream_and_version()
    {
        await using var fixture = await SignedLedgerAsync();
        await fixture.ExecuteAsync($"delete from {fixture.Schema}.mt_events where stream_id = '{MicrosoftOrg}' and version = 2");

        var (exit, report) = await VerifyAsync(fixture);

        exit.ShouldBe(VerifyCommand.Tampered);
        ShouldName(First(report), "event-deleted", MicrosoftOrg, 2);
    }

    [Fact]
    public async Task a_deleted_last_event_of_a_stream_is_caught_by_the_checkpoint_leaves()
    {
        await using var fixture = await SignedLedgerAsync();
        await fixture.ExecuteAsync($"delete from {fixture.Schema}.mt_events where stream_id = '{Moratorium}' and version = 2");

        var (exit, report) = await VerifyAsync(fixture);

        exit.ShouldBe(VerifyCommand.Tampered);
        ShouldName(First(report), "event-deleted", Moratorium, 2);
    }

    [Fact]
    public async Task an_event_forged_into_the_middle_of_a_stream_is_named_inserted()
    {
        await using var fixture = await SignedLedgerAsync();
        // The forger shifts the later events up one version and slips a copy of version 1 in as version 2.
        await fixture.ExecuteAsync($"""
            update {fixture.Schema}.mt_events set version = version + 100 where stream_id = '{MicrosoftOrg}' and version >= 2;
            update {fixture.Schema}.mt_events set version = version - 99 where stream_id = '{MicrosoftOrg}' and version >= 100;
            insert into {fixture.Schema}.mt_events (seq_id, id, stream_id, version, data, type, timestamp, tenant_id, mt_dotnet_type)
            select nextval('{fixture.Schema}.mt_events_sequence'), gen_random_uuid(), stream_id, 2, data, type, timestamp, tenant_id, mt_dotnet_type
            from {fixture.Schema}.mt_events where stream_id = '{MicrosoftOrg}' and version = 1;
            """);

        var (exit, report) = await VerifyAsync(fixture);

        exit.ShouldBe(VerifyCommand.Tampered);
        ShouldName(First(report), "event-inserted", MicrosoftOrg, 2);
    }

    [Fact]
    public async Task two_swapped_versions_are_named_reordered()
    {
        await using var fixture = await SignedLedgerAsync();
        await fixture.ExecuteAsync($"""
            update {fixture.Schema}.mt_events set version = 99 where stream_id = '{MicrosoftOrg}' and version = 2;
            update {fixture.Schema}.mt_events set version = 2 where stream_id = '{MicrosoftOrg}' and version = 3;
            update {fixture.Schema}.mt_events set version = 3 where stream_id = '{MicrosoftOrg}' and version = 99;
            """);

        var (exit, report) = await VerifyAsync(fixture);

        exit.ShouldBe(VerifyCommand.Tampered);
        ShouldName(First(report), "events-reordered", MicrosoftOrg, 2);
    }

    /// <summary>
    /// The payload's typed fields are a copy of its content for the ledger's queries. An outside verifier checks the
    /// content (docs/verification.md), not how each field is copied: so what the ledger shows is read from the content,
    /// and a copy edited alone changes nothing shown (and verify names it).
    /// </summary>
    [Fact]
    public async Task typed_fields_edited_beside_an_untouched_content_change_nothing_the_ledger_shows()
    {
        await using var fixture = await SignedLedgerAsync();
        async Task<string> ShownAsync() => string.Join("\n---\n",
            (await fixture.RunAsync("stance", "amazon", "--as-of", "2021-06-15", "--known-at", "2100-01-01T00:00:00Z", "--json")).Json,
            (await fixture.RunAsync("replay", "amazon")).Console,
            (await fixture.RunAsync("commitment", "show", "amazon-rekognition-police-moratorium", "--known-at", "2100-01-01T00:00:00Z", "--json")).Json,
            (await fixture.RunAsync("flags", "--known-at", "2100-01-01T00:00:00Z", "--json")).Json);
        var before = await ShownAsync();

        await fixture.ExecuteAsync($$"""
            update {{fixture.Schema}}.mt_events
            set data = jsonb_set(jsonb_set(jsonb_set(data, '{Statement}', '"We will sell to every police force."'),
                                           '{Term,Until}', '"2020-06-11"'), '{Kind}', '"pledge"')
            where stream_id = '{{Moratorium}}' and version = 1
            """);

        (await ShownAsync()).ShouldBe(before);
        var (exit, report) = await VerifyAsync(fixture);
        exit.ShouldBe(VerifyCommand.Tampered);
        ShouldName(First(report), "payload-changed", Moratorium, 1);
    }

    [Theory]
    [InlineData("timestamp = timestamp - interval '1 day'")]
    [InlineData("data = jsonb_set(data, '{Recorded}', '\"2020-01-01T00:00:00+00:00\"')")]
    public async Task a_changed_recorded_time_is_named(string change)
    {
        await using var fixture = await SignedLedgerAsync();
        await fixture.ExecuteAsync($"update {fixture.Schema}.mt_events set {change} where stream_id = '{Moratorium}' and version = 2");

        var (exit, report) = await VerifyAsync(fixture);

        exit.ShouldBe(VerifyCommand.Tampered);
        ShouldName(First(report), "recorded-time-changed", Moratorium, 2);
    }

    [Fact]
    public async Task a_recorded_time_moved_by_less_than_a_microsecond_is_named_with_both_times_told_apart()
    {
        await using var fixture = await SignedLedgerAsync();
        // A seventh fractional digit: the digest's six-digit time is unchanged, the instant is not.
        await fixture.ExecuteAsync($$"""
            update {{fixture.Schema}}.mt_events
            set data = jsonb_set(data, '{Recorded}', to_jsonb(to_char(timestamp at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US') || '7+00:00'))
            where stream_id = '{{Moratorium}}' and version = 2
            """);

        var (exit, report) = await VerifyAsync(fixture);

        exit.ShouldBe(VerifyCommand.Tampered, report.ToString());
        ShouldName(First(report), "recorded-time-changed", Moratorium, 2);
        var detail = First(report).GetProperty("detail").GetString()!;
        var times = System.Text.RegularExpressions.Regex.Matches(detail, @"\d{4}-\d\d-\d\dT[\d:.]+Z").Select(m => m.Value).ToList();
        times.Count.ShouldBe(2, detail);
        times[0].ShouldNotBe(times[1], detail);
    }

    [Theory]
    [InlineData("root_hash = repeat('0', 64)")]
    [InlineData("tree_size = tree_size - 1")]
    [InlineData("signed_at = signed_at - interval '1 hour'")]
    [InlineData("signature = repeat('ab', 64)")]
    public async Task an_edited_checkpoint_is_named(string change)
    {
        await using var fixture = await SignedLedgerAsync();
        await fixture.ExecuteAsync($"update {fixture.Schema}.ledger_checkpoints set {change}");

        var (exit, report) = await VerifyAsync(fixture);

        exit.ShouldBe(VerifyCommand.Tampered);
        First(report).GetProperty("kind").GetString().ShouldBe("checkpoint-altered");
    }

    [Fact]
    public async Task after_a_key_rotation_as_documented_old_and_new_checkpoints_both_verify()
    {
        await using var fixture = await SignedLedgerAsync();
        var oldKeyId = JsonDocument.Parse((await fixture.RunAsync("prove", "inclusion", "org:ibm", "1")).Json)
            .RootElement.GetProperty("checkpoint").GetProperty("keyId").GetString();
        // docs/verification.md, "Rotation": retire the public key, move the private key away, checkpoint again.
        File.Move(Path.Combine(fixture.KeysFolder, "ledger-signing-key.pub.pem"), Path.Combine(fixture.KeysFolder, $"retired-{oldKeyId}.pub.pem"));
        File.Move(Path.Combine(fixture.KeysFolder, "ledger-signing-key.pem"), Path.Combine(Path.GetTempPath(), $"offline-{Guid.NewGuid():N}.pem"));
        await fixture.ImportAsync(Json.Org("after-rotation"));
        (await fixture.RunAsync("checkpoint")).Exit.ShouldBe(0);

        var (exit, report) = await VerifyAsync(fixture);
        var newKeyId = JsonDocument.Parse((await fixture.RunAsync("prove", "inclusion", "org:after-rotation", "1")).Json)
            .RootElement.GetProperty("checkpoint").GetProperty("keyId").GetString();

        exit.ShouldBe(0, report.ToString());
        report.GetProperty("checkpoints").GetInt32().ShouldBe(2);
        newKeyId.ShouldNotBe(oldKeyId);

        // An auditor pins both keys, the retired one and the new; one alone leaves the other's checkpoints untrusted.
        var bundle = Path.Combine(Path.GetTempPath(), $"rotated-{Guid.NewGuid():N}.json");
        (await fixture.RunAsync("export", bundle)).Exit.ShouldBe(0);
        var retired = Path.Combine(fixture.KeysFolder, $"retired-{oldKeyId}.pub.pem");
        var current = Path.Combine(fixture.KeysFolder, "ledger-signing-key.pub.pem");
        var both = await fixture.RunAsync("verify-bundle", bundle, "--public-key", retired, "--public-key", current);
        both.Exit.ShouldBe(0, both.ToString());
        (await fixture.RunAsync("verify-bundle", bundle, "--public-key", current)).Exit.ShouldBe(VerifyCommand.Tampered);
    }

    [Fact]
    public async Task a_checkpoint_signed_by_a_key_the_verifier_does_not_trust_is_refused()
    {
        await using var fixture = await SignedLedgerAsync();
        foreach (var file in Directory.GetFiles(fixture.KeysFolder)) File.Delete(file);
        await fixture.ImportAsync(Json.Org("late-comer"));
        // A new key is made, which now is the only one trusted; it will not extend what it cannot check.
        var refused = await fixture.RunAsync("checkpoint");
        refused.Exit.ShouldBe(VerifyCommand.Tampered, refused.ToString());
        refused.Errors.ShouldContain("not signed by a trusted key");

        var (exit, report) = await VerifyAsync(fixture);

        exit.ShouldBe(VerifyCommand.Tampered);
        First(report).GetProperty("detail").GetString()!.ShouldContain("not trusted");
    }
}
