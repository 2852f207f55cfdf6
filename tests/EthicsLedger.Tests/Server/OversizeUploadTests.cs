using System.Net;
using System.Text;
using EthicsLedger.Server;

namespace EthicsLedger.Tests.Server;

/// <summary>A server whose body limit is small and whose write rate is not in the way of many refusals.</summary>
public class SmallBodyServerFixture : ServerFixture
{
    protected override ServerSettings Settings(ServerSettings defaults) => defaults with { MaxImportBytes = 4096, WritesPerMinute = 1000 };
}

/// <summary>
/// An upload over the limit is answered 413 and the client reads that answer, however it sends the body: the
/// server must not drop the connection while the client is still sending, which a client sees as a reset instead
/// of the reason (CI once saw "The response ended prematurely").
/// </summary>
public class OversizeUploadTests(SmallBodyServerFixture server) : IClassFixture<SmallBodyServerFixture>
{
    static readonly string Big = new string('x', 16 * 1024 * 1024);

    [Fact]
    public async Task every_oversize_upload_with_a_length_is_answered_413_with_the_reason()
    {
        var before = await server.EventCountAsync();
        using var editor = server.Client(await server.KeyAsync("oversize-length", "editor"));
        for (var i = 0; i < 20; i++)
        {
            using var response = await editor.PostAsync("/api/imports", new StringContent(Big, Encoding.UTF8, "application/x-ndjson"));
            response.StatusCode.ShouldBe(HttpStatusCode.RequestEntityTooLarge);
            (await response.Content.ReadAsStringAsync()).ShouldContain("4096");
        }
        (await server.EventCountAsync()).ShouldBe(before);
    }

    [Fact]
    public async Task every_oversize_chunked_upload_is_answered_413_with_the_reason()
    {
        var before = await server.EventCountAsync();
        using var editor = server.Client(await server.KeyAsync("oversize-chunked", "editor"));
        for (var i = 0; i < 20; i++)
        {
            // No Content-Length: the server finds out only by reading past its limit.
            var content = new StreamContent(new MemoryStream(Encoding.UTF8.GetBytes(Big)));
            content.Headers.ContentType = new("application/x-ndjson");
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/imports") { Content = content };
            request.Headers.TransferEncodingChunked = true;
            using var response = await editor.SendAsync(request);
            response.StatusCode.ShouldBe(HttpStatusCode.RequestEntityTooLarge);
            (await response.Content.ReadAsStringAsync()).ShouldContain("4096");
        }
        (await server.EventCountAsync()).ShouldBe(before);
    }
}
