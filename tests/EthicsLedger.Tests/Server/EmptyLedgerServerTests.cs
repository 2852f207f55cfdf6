using System.Net;
using System.Text.Json;
using EthicsLedger.Server;
using EthicsLedger.Tests.Support;
using Microsoft.AspNetCore.Builder;

namespace EthicsLedger.Tests.Server;

/// <summary>A server started on a ledger that holds nothing yet (not even Marten's tables) answers every read plainly.</summary>
public class EmptyLedgerServerTests(LedgerFixture fixture) : IClassFixture<LedgerFixture>
{
    [Fact]
    public async Task an_empty_ledger_is_healthy_empty_and_verified()
    {
        await using var server = LedgerServer.Build(new ServerSettings(fixture.ConnectionString, fixture.Schema) { Urls = "http://127.0.0.1:0", Keys = fixture.KeysFolder });
        await server.StartAsync();
        using var http = new HttpClient { BaseAddress = new Uri(server.Urls.First()) };

        var health = JsonDocument.Parse(await http.GetStringAsync("/health")).RootElement;
        health.GetProperty("status").GetString().ShouldBe("ok");
        health.GetProperty("events").GetInt64().ShouldBe(0);
        (await http.GetStringAsync("/api/organizations")).ShouldBe("[]");
        (await http.GetStringAsync("/api/flags")).ShouldContain("\"flags\":[]");
        JsonDocument.Parse(await http.GetStringAsync("/api/verification")).RootElement.GetProperty("ok").GetBoolean().ShouldBeTrue();
        (await http.GetAsync("/api/checkpoints/latest")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await http.GetStringAsync("/")).ShouldContain("holds no organization yet");
        (await http.GetStringAsync("/downloads/history.csv")).ShouldStartWith("\"org\",\"commitment\",\"type\"");
    }
}
