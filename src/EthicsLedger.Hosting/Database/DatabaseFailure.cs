using System.Net.Sockets;
using Npgsql;

namespace EthicsLedger.Hosting.Database;

/// <summary>
/// Says in words what went wrong when PostgreSQL could not be reached or went away, naming the
/// server, instead of a driver's "Connection refused" or "Attempted to read past the end of the stream".
/// </summary>
public static class DatabaseFailure
{
    /// <summary>The message for a failure of the database itself, or null when <paramref name="failure"/> is something else.</summary>
    public static string? Describe(Exception failure, string connectionString) => Classify(failure, Server(connectionString))?.Message;

    /// <summary>
    /// Whether the server is away — restarting, stopped, out of reach — rather than refusing this client (a wrong password,
    /// host or database): a failure worth waiting out, which waiting cannot mend otherwise.
    /// </summary>
    public static bool IsOutage(Exception failure) => Classify(failure, "")?.Outage == true;

    /// <summary>What a failure of the database says to a person, and whether it is the server being away; null for any other failure.</summary>
    static (string Message, bool Outage)? Classify(Exception failure, string server)
    {
        foreach (var e in Chain(failure))
        {
            switch (e)
            {
                case PostgresException { SqlState: "28P01" or "28000" } login:
                    return ($"PostgreSQL at {server} refused the login ({login.MessageText}). Check the user name and password in {PostgresLocator.EnvironmentVariable}.", false);
                case PostgresException { SqlState: "3D000" } database:
                    return ($"PostgreSQL at {server} has no such database ({database.MessageText}). Check the Database in {PostgresLocator.EnvironmentVariable}.", false);
                // Operator intervention (a shutdown or restart), connection failures, out of resources.
                case PostgresException stopped when stopped.SqlState[..2] is "57" or "08" or "53":
                    return (Lost(server, stopped.MessageText), true);
                case PostgresException:
                    return null;
                // Outermost first: a broken pipe is an IOException around a SocketException, a refusal a bare SocketException.
                case SocketException socket:
                    return socket.SocketErrorCode switch
                    {
                        SocketError.ConnectionRefused =>
                            ($"could not reach PostgreSQL at {server}: nothing is listening there. Check that the server is running, and that {PostgresLocator.EnvironmentVariable} names the right host and port.", true),
                        SocketError.HostNotFound or SocketError.TryAgain or SocketError.NoData =>
                            ($"could not reach PostgreSQL at {server}: the host name is unknown. Check the Host in {PostgresLocator.EnvironmentVariable}.", false),
                        _ => (Lost(server, socket.Message), true),
                    };
                case EndOfStreamException or IOException:
                    return (Lost(server, "the server closed the connection"), true);
                case TimeoutException or NpgsqlException { InnerException: TimeoutException }:
                    return ($"PostgreSQL at {server} did not answer in time. Check that the server is running and not overloaded, and the network to it.", true);
            }
        }
        return null;
    }

    static string Lost(string server, string why) =>
        $"lost the connection to PostgreSQL at {server} ({why}): the server restarted, stopped or is out of reach. " +
        "Nothing half-done is kept: an import is one transaction, so run it again once the server is back; lines already in the ledger are skipped.";

    /// <summary>host:port of the connection string, as a person would type it.</summary>
    public static string Server(string connectionString)
    {
        try
        {
            var builder = new NpgsqlConnectionStringBuilder(connectionString);
            return $"{builder.Host ?? "localhost"}:{builder.Port}";
        }
        catch (ArgumentException)
        {
            return "the configured server";
        }
    }

    static IEnumerable<Exception> Chain(Exception e)
    {
        yield return e;
        var inner = e is AggregateException aggregate ? aggregate.InnerExceptions : (IEnumerable<Exception>)(e.InnerException is null ? [] : [e.InnerException]);
        foreach (var child in inner)
            foreach (var descendant in Chain(child))
                yield return descendant;
    }
}
