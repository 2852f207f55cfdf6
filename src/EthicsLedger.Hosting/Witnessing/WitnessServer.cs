using System.Net;
using EthicsLedger.Integrity.Notes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace EthicsLedger.Hosting.Witnessing;

/// <summary>
/// A witness on HTTP: <c>POST /add-checkpoint</c> on 127.0.0.1 only (the ledger reaches it on the
/// same machine or through a bastion; a witness is never an open service by accident).
/// </summary>
public sealed class WitnessServer : IAsyncDisposable
{
    /// <summary>Bodies are a few proof lines and a note; anything much larger is not a request.</summary>
    const long MaxBody = 64 * 1024;
    readonly WebApplication _app;
    readonly WitnessState _state;

    WitnessServer(WebApplication app, WitnessState state, NoteKey key)
    {
        _app = app;
        _state = state;
        Key = key;
    }

    public NoteKey Key { get; }

    /// <summary>The submission prefix, e.g. <c>http://127.0.0.1:7001</c>: the URL for a policy's witness line.</summary>
    public Uri Url => new(_app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());

    /// <summary>Starts on <paramref name="port"/> (0 picks a free one; <see cref="Url"/> says which).</summary>
    public static async Task<WitnessServer> StartAsync(NoteSigner cosigner, IReadOnlyList<NoteKey> logs, string stateFolder, int port,
        TimeProvider clock, CancellationToken cancellation)
    {
        var state = WitnessState.Open(stateFolder);
        var service = new WitnessService(cosigner, logs, state, clock);
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.Listen(IPAddress.Loopback, port);
            k.Limits.MaxRequestBodySize = MaxBody;
        });
        var app = builder.Build();
        app.MapPost("/add-checkpoint", async (HttpContext context) =>
        {
            using var body = new MemoryStream();
            await context.Request.Body.CopyToAsync(body, context.RequestAborted);
            var response = service.AddCheckpoint(body.ToArray());
            context.Response.StatusCode = response.Status;
            context.Response.ContentType = response.ContentType;
            await context.Response.WriteAsync(response.Body, context.RequestAborted);
        });
        try
        {
            await app.StartAsync(cancellation);
        }
        catch
        {
            state.Dispose();
            throw;
        }
        return new WitnessServer(app, state, cosigner.Key);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        _state.Dispose();
    }
}
