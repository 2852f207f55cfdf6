using System.Text.RegularExpressions;
using EthicsLedger.Tests.Support;
using static EthicsLedger.Tests.Support.Json;

namespace EthicsLedger.Tests.Server;

/// <summary><c>serve</c> as people run it: a process that prints where it listens; two of them on one database answer alike.</summary>
public class ServeProcessTests(LedgerFixture fixture) : IClassFixture<LedgerFixture>
{
    static async Task<Uri> ListeningAsync(CliProcess serve)
    {
        for (var i = 0; i < 600; i++)
        {
            if (serve.Lines.Select(l => Regex.Match(l, @"at (http://127\.0\.0\.1:\d+)")).FirstOrDefault(m => m.Success) is { } found) return new Uri(found.Groups[1].Value);
            if (serve.HasExited) throw new InvalidOperationException($"serve exited: {serve.Errors}");
            await Task.Delay(100);
        }
        throw new TimeoutException($"serve never said where it listens: {string.Join('\n', serve.Lines)} {serve.Errors}");
    }

    [Fact]
    public async Task two_servers_on_one_database_give_the_same_answers_and_each_sees_the_others_writes()
    {
        (await fixture.ImportAsync(Org("two"), Made("two-c", "two", "2020-01-01", term: new { until = "2021-01-01" }))).Exit.ShouldBe(0);
        var token = (await fixture.RunAsync("keys", "create", "two-editor", "--role", "editor")).Json.Trim();
        await using var first = CliProcess.Start(fixture, "serve", "--urls", "http://127.0.0.1:0");
        await using var second = CliProcess.Start(fixture, "serve", "--urls", "http://127.0.0.1:0");
        using var a = new HttpClient { BaseAddress = await ListeningAsync(first) };
        using var b = new HttpClient { BaseAddress = await ListeningAsync(second) };
        b.DefaultRequestHeaders.Authorization = new("Bearer", token);

        const string stance = "/api/organizations/two/stance?asOf=2020-06-01&knownAt=2099-01-01T00:00:00Z";
        (await a.GetStringAsync(stance)).ShouldBe(await b.GetStringAsync(stance));
        // A write through one is read through the other: neither holds state of its own.
        (await b.PostAsync("/api/imports", new StringContent(Withdrawn("two-c", "2020-03-01")))).EnsureSuccessStatusCode();
        (await a.GetStringAsync(stance)).ShouldContain("\"status\":\"withdrawn\"");
        (await a.GetStringAsync(stance)).ShouldBe(await b.GetStringAsync(stance));
    }
}
