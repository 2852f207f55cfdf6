using System.Net.Http.Headers;
using EthicsLedger.Contracts;

namespace EthicsLedger.Hosting.Messaging;

/// <summary>
/// POSTs each message's JSON body to one URL. Any answer but 2xx (or no answer) throws, so the
/// message is retried with backoff and, after the last retry, kept in the dead letters. The
/// receiver gets the same <c>Idempotency-Key</c> on every delivery of a fact and should skip repeats.
/// </summary>
public sealed class WebhookForwarder(HttpClient http, Uri url, string? org = null) : ILedgerConsumer
{
    public const string KeyHeader = "Idempotency-Key";
    public const string TypeHeader = "EthicsLedger-Message-Type";

    public async Task HandleAsync(LedgerMessage message, CancellationToken cancellation)
    {
        if (org is not null && message.Org != org) return;
        using var request = new HttpRequestMessage(HttpMethod.Post, url)
        {
            Content = new StringContent(MessageJson.Serialize(message), new MediaTypeHeaderValue("application/json")),
        };
        request.Headers.Add(KeyHeader, message.Key);
        request.Headers.Add(TypeHeader, MessageJson.TypeName(message.GetType()));
        using var response = await http.SendAsync(request, cancellation);
        if (!response.IsSuccessStatusCode)
            throw new HttpRequestException($"{url} answered {(int)response.StatusCode} {response.ReasonPhrase} to {message.Key}", null, response.StatusCode);
    }
}
