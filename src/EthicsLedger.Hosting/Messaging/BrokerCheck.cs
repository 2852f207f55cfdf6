using RabbitMQ.Client;

namespace EthicsLedger.Hosting.Messaging;

/// <summary>
/// Connects to the RabbitMQ broker once before a consumer starts: Wolverine would otherwise keep
/// retrying in silence, and a user would watch nothing happen without knowing why.
/// </summary>
public static class BrokerCheck
{
    /// <summary>What is wrong with the broker, in words; <paramref name="Away"/> when it is only out of reach (down, restarting, not started yet).</summary>
    public sealed record Problem(string Text, bool Away);

    /// <returns>Null when the broker accepts a connection; otherwise what is wrong.</returns>
    public static async Task<Problem?> ProblemAsync(MessagingSettings settings, CancellationToken cancellation)
    {
        if (settings.Transport != MessageTransport.RabbitMq) return null;
        if (UriProblem(settings.RabbitMqUri) is { } problem) return new Problem(problem, Away: false);
        var factory = new ConnectionFactory { Uri = new Uri(settings.RabbitMqUri), RequestedConnectionTimeout = TimeSpan.FromSeconds(5) };
        try
        {
            await using var connection = await factory.CreateConnectionAsync(cancellation);
            return null;
        }
        catch (RabbitMQ.Client.Exceptions.BrokerUnreachableException e) when (e.GetBaseException() is RabbitMQ.Client.Exceptions.AuthenticationFailureException)
        {
            return new Problem($"RabbitMQ at {Redacted(settings.RabbitMqUri)} refused the login: check the user and password in --rabbitmq or {MessagingSettings.RabbitMqVariable}.", Away: false);
        }
        catch (Exception e) when (e is RabbitMQ.Client.Exceptions.BrokerUnreachableException or System.Net.Sockets.SocketException or TimeoutException)
        {
            return new Problem($"cannot reach RabbitMQ at {Redacted(settings.RabbitMqUri)} ({e.GetBaseException().Message.TrimEnd('.')}). " +
                   $"Start a broker (`sudo bash .ci/start-rabbitmq` or `docker compose --profile messaging up -d rabbitmq`) or point --rabbitmq or {MessagingSettings.RabbitMqVariable} at one.", Away: true);
        }
    }

    /// <summary>An absolute amqp:// or amqps:// URI, or what is wrong with it.</summary>
    public static string? UriProblem(string uri) =>
        Uri.TryCreate(uri, UriKind.Absolute, out var parsed) && parsed.Scheme is "amqp" or "amqps"
            ? null
            : $"'{uri}' is not a RabbitMQ URI: use amqp://user:password@host:5672 (or amqps://).";

    /// <summary>The URI without its password, for messages.</summary>
    static string Redacted(string uri)
    {
        var builder = new UriBuilder(uri);
        if (!string.IsNullOrEmpty(builder.Password)) builder.Password = "***";
        return builder.Uri.ToString();
    }
}
