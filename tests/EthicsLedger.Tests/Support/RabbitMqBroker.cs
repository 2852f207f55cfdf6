using System.Diagnostics;
using System.Net.Sockets;
using EthicsLedger.Hosting.Messaging;

namespace EthicsLedger.Tests.Support;

/// <summary>
/// The RabbitMQ tests need a real broker. Like PostgreSQL's locator: use the one at
/// ETHICSLEDGER_RABBITMQ (default localhost:5672) if it answers; otherwise start one — with
/// <c>.ci/start-rabbitmq</c> (Debian, as root) or <c>docker compose --profile messaging</c> — and
/// otherwise fail saying what to do.
/// </summary>
public static class RabbitMqBroker
{
    static readonly SemaphoreSlim Gate = new(1, 1);
    static bool ready;

    public static async Task EnsureAsync()
    {
        await Gate.WaitAsync();
        try
        {
            if (ready || await AnswersAsync()) { ready = true; return; }
            var root = RepositoryRoot();
            if (Environment.UserName == "root" && File.Exists(Path.Combine(root, ".ci", "start-rabbitmq")))
                await RunAsync("bash", root, ".ci/start-rabbitmq");
            else
                await RunAsync("docker", root, "compose", "--profile", "messaging", "up", "-d", "--wait", "rabbitmq");
            if (!await AnswersAsync())
                throw new InvalidOperationException(
                    $"RabbitMQ does not answer at {Uri.Host}:{Uri.Port} and could not be started: run `sudo bash .ci/start-rabbitmq` (Debian), " +
                    "or `docker compose --profile messaging up -d rabbitmq`, or point ETHICSLEDGER_RABBITMQ at a broker.");
            ready = true;
        }
        finally
        {
            Gate.Release();
        }
    }

    static Uri Uri => new(new MessagingSettings("tests", MessageTransport.RabbitMq).RabbitMqUri);

    static async Task<bool> AnswersAsync()
    {
        using var client = new TcpClient();
        try
        {
            await client.ConnectAsync(Uri.Host, Uri.Port == -1 ? 5672 : Uri.Port).WaitAsync(TimeSpan.FromSeconds(2));
            return true;
        }
        catch (Exception e) when (e is SocketException or TimeoutException)
        {
            return false;
        }
    }

    static async Task RunAsync(string program, string directory, params string[] args)
    {
        var start = new ProcessStartInfo(program) { WorkingDirectory = directory, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in args) start.ArgumentList.Add(arg);
        try
        {
            using var process = Process.Start(start)!;
            await process.WaitForExitAsync(new CancellationTokenSource(TimeSpan.FromMinutes(5)).Token);
        }
        catch (System.ComponentModel.Win32Exception)
        {
            // Not installed: the caller reports what to do.
        }
    }

    static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "EthicsLedger.sln"))) directory = directory.Parent;
        return directory?.FullName ?? Directory.GetCurrentDirectory();
    }
}
