using EthicsLedger.Contracts;
using EthicsLedger.Hosting;
using EthicsLedger.Hosting.Messaging;
using Microsoft.Extensions.Hosting;
using Npgsql;
using Spectre.Console;
using static MessagingLatency;

/// <summary>
/// A diagnostic for the latency benchmark's RabbitMQ row: the exchange feeder alone. Messages are written straight into
/// the message log (no imports, no daemon work), in batches of several sizes at one rate, and a relay host's feeder
/// publishes them to an exchange a plain consumer reads; latency from the rows visible to arrival, as in
/// <see cref="MessagingLatency"/>. The feeder waits for each publish's confirm before the next, so the k-th message of a
/// batch waits about k confirm round trips: latency grows with the batch the relay logs at once, and that batch is
/// whatever the daemon found since its last look.
/// </summary>
public static class FeederAlone
{
    public static async Task<int> RunAsync(string connectionString, string rabbitMq, int messages, IReadOnlyList<int> batches, int rate, string commandLine)
    {
        if (Console.IsOutputRedirected) AnsiConsole.Profile.Width = 240;
        Console.WriteLine(commandLine);
        Console.WriteLine($"load average {File.ReadAllText("/proc/loadavg").Trim()}, {Environment.ProcessorCount} cores");
        var table = new Table().Title($"the exchange feeder alone: {messages:N0} messages written straight into the log at {rate} a second; ms")
            .AddColumn("messages per commit").AddColumn("one commit every").AddColumn("p50").AddColumn("p99").AddColumn("p50 by quarter of the run");
        foreach (var batch in batches)
        {
            var (latencies, trend) = await RunAsync(connectionString, rabbitMq, messages, batch, TimeSpan.FromSeconds((double)batch / rate));
            table.AddRow($"{batch}", $"{1000.0 * batch / rate:0} ms", $"{Percentile(latencies, 50):0.0}", $"{Percentile(latencies, 99):0.0}", trend);
        }
        AnsiConsole.Write(table);
        return 0;
    }

    static async Task<(List<double>, string)> RunAsync(string connectionString, string rabbitMq, int messages, int batch, TimeSpan pace)
    {
        var schema = NewSchema();
        var exchange = $"bench.{schema}";
        var arrivals = new Arrivals();
        await using var plain = await PlainConsumer.StartAsync(rabbitMq, exchange, arrivals);
        using var host = LedgerHost.Build(connectionString, schema, messaging: new MessagingSettings(null, MessageTransport.RabbitMq, rabbitMq) { Exchange = exchange });
        await host.StartAsync();
        await using var writer = new NpgsqlConnection(connectionString);
        await writer.OpenAsync();
        long number = 0;

        // As MessageLog.Append writes them: numbered, the body without its number, and a notification at commit.
        async Task WriteAsync(int count)
        {
            var rows = Enumerable.Range(0, count).Select(_ => Baseline(++number)).ToList();
            await using var transaction = await writer.BeginTransactionAsync();
            await using var insert = new NpgsqlCommand($"""
                insert into {MessageLog.Messages(schema)} (number, key, type, org, commitment, body)
                select * from unnest(@numbers, @keys, @types, @orgs, @commitments, @bodies);
                select pg_notify(@channel, '')
                """, writer, transaction);
            insert.Parameters.AddWithValue("numbers", rows.Select(m => m.Number).ToArray());
            insert.Parameters.AddWithValue("keys", rows.Select(m => m.Key).ToArray());
            insert.Parameters.AddWithValue("types", rows.Select(m => MessageJson.TypeName(m.GetType())).ToArray());
            insert.Parameters.AddWithValue("orgs", rows.Select(m => m.Org).ToArray());
            insert.Parameters.AddWithValue("commitments", rows.Select(m => m.Commitment).ToArray());
            insert.Parameters.AddWithValue("bodies", rows.Select(m => MessageJson.Serialize(m with { Number = 0 })).ToArray());
            insert.Parameters.AddWithValue("channel", MessageLog.Channel(schema));
            await insert.ExecuteNonQueryAsync();
            await transaction.CommitAsync();
        }

        // Not measured: the feeder's lock, connections and first publish.
        await WriteAsync(1);
        await arrivals.WaitForAsync(1);
        arrivals.Reset();

        var visibility = new Visibility(connectionString, $"select coalesce(max(number), 0) from {MessageLog.Messages(schema)}");
        using var stop = new CancellationTokenSource();
        var polling = visibility.RunAsync(stop.Token);
        var start = Now;
        for (var (i, n) = (0, 0); n < messages; i++, n += batch)
        {
            var wait = start + i * pace.TotalMilliseconds - Now;
            if (wait > 0) await Task.Delay(TimeSpan.FromMilliseconds(wait));
            await WriteAsync(Math.Min(batch, messages - n));
        }
        await arrivals.WaitForAsync(messages);
        await stop.CancelAsync();
        await polling;
        await host.StopAsync();
        arrivals.ReportOrder($"feeder alone, {batch} per commit");
        await DropAsync(connectionString, schema);
        return (arrivals.Latencies(visibility), arrivals.Trend(visibility));
    }
}
