using System.Net.Http.Headers;
using EthicsLedger.Cli.Commands;
using EthicsLedger.Server;
using EthicsLedger.Tests.Support;
using Microsoft.AspNetCore.Builder;

namespace EthicsLedger.Tests.Server;

/// <summary>
/// A real <c>serve</c> host (Kestrel on a free port) over a ledger of its own: the demo story imported in two
/// parts (what was known by the end of 2020, then the rest), as a ledger learns. Keys are made by the command line.
/// </summary>
public class ServerFixture : LedgerFixture
{
    WebApplication? _server;
    public Uri BaseAddress { get; private set; } = null!;
    public HttpClient Http { get; private set; } = null!;

    /// <summary>A moment between the two imports: as known then, Amazon's moratorium was a one-year term.</summary>
    public DateTimeOffset Between { get; private set; }

    protected virtual ServerSettings Settings(ServerSettings defaults) => defaults;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        var story = await File.ReadAllLinesAsync(DemoCommand.StoryFile);
        var later = story.Where(l => l.Contains("\"on\":\"2021") || l.Contains("\"on\":\"2022") || l.Contains("\"on\":\"2023")).ToArray();
        (await ImportAsync(story.Except(later).ToArray())).Exit.ShouldBe(0);
        Between = DateTimeOffset.UtcNow;
        await Task.Delay(20);
        (await ImportAsync(later)).Exit.ShouldBe(0);

        _server = LedgerServer.Build(Settings(new ServerSettings(ConnectionString, Schema) { Urls = "http://127.0.0.1:0", Keys = KeysFolder }));
        await _server.StartAsync();
        BaseAddress = new Uri(_server.Urls.First());
        Http = new HttpClient { BaseAddress = BaseAddress };
    }

    public override async Task DisposeAsync()
    {
        Http.Dispose();
        if (_server is not null) await _server.DisposeAsync();
        await base.DisposeAsync();
    }

    /// <summary>A key made by <c>keys create</c>, as an operator makes one.</summary>
    public async Task<string> KeyAsync(string name, string role)
    {
        var run = await RunAsync("keys", "create", name, "--role", role);
        run.Exit.ShouldBe(0, run.ToString());
        return run.Json.Trim();
    }

    public HttpClient Client(string? token)
    {
        var client = new HttpClient { BaseAddress = BaseAddress };
        if (token is not null) client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }
}
