using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;
using System.Text.Json;
using EthicsLedger.Cli;
using EthicsLedger.Cli.Infrastructure;
using EthicsLedger.Contracts;
using EthicsLedger.Hosting;
using EthicsLedger.Hosting.Messaging;
using Microsoft.Extensions.DependencyInjection;
using Marten;
using Microsoft.Extensions.Hosting;
using Npgsql;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;
using Spectre.Console;

/// <summary>
/// Issue 10's speed targets, measured as an external consumer would see them: from the moment an
/// import's commit is visible in the database (a poller asks every ~1 ms) to the moment its message
/// reaches the consumer. Per transport, a same-run baseline with no relay: plain rows plus
/// pg_notify read by a listener (PostgreSQL), or the same rows published straight to an exchange
/// (RabbitMQ), in batches of the same size at the same pace as the imports. Then catch-up
/// (<see cref="MessagingCatchUp"/>).
/// </summary>
public static class MessagingLatency
{
    /// <param name="DaemonPolling">What if: the daemon's idle and busy polling (Marten's SlowPollingTime and FastPollingTime) in the relay hosts, ms; 0 leaves LedgerHost's.</param>
    public sealed record Settings(int Messages, int PerImport, IReadOnlyList<string> Transports, int CatchUpLines, int CatchUpRuns, string RabbitMq,
        int DaemonPolling);

    /// <summary>One clock for every task (importer, poller, consumers), so their readings can be subtracted.</summary>
    static readonly Stopwatch Clock = Stopwatch.StartNew();
    public static double Now => Clock.Elapsed.TotalMilliseconds;

    public static async Task<int> RunAsync(string connectionString, Output silent, Settings settings, string commandLine)
    {
        // Redirected output would wrap the wide tables at 80 columns.
        if (Console.IsOutputRedirected) AnsiConsole.Profile.Width = 240;
        Console.WriteLine(commandLine);
        // The machine is shared: what else ran says how far to trust the figures.
        Console.WriteLine($"load average {File.ReadAllText("/proc/loadavg").Trim()}, {Environment.ProcessorCount} cores");
        if (settings.Messages > 0 && settings.Transports.Count > 0) await LatencyAsync(connectionString, silent, settings);
        if (settings.CatchUpLines > 0) await MessagingCatchUp.RunAsync(connectionString, silent, settings.CatchUpLines, settings.CatchUpRuns);
        return 0;
    }

    static async Task LatencyAsync(string connectionString, Output silent, Settings settings)
    {
        var imports = (settings.Messages + settings.PerImport - 1) / settings.PerImport;
        var table = new Table()
            .Title($"commit visible → consumer: {settings.Messages:N0} messages per transport, {imports} imports of {settings.PerImport} back to back; ms" +
                   (settings.DaemonPolling > 0 ? $"; what if the daemon polled every {settings.DaemonPolling} ms" : ""))
            .AddColumn("transport").AddColumn("relay p50").AddColumn("relay p99")
            .AddColumn("p50 of: to mark + to log + to consumer").AddColumn("mark moves every")
            .AddColumn("p50 by quarter")
            .AddColumn("baseline p50").AddColumn("baseline p99").AddColumn("relay adds, p50 / p99").AddColumn("ratio p50 / p99")
            .AddColumn("import").AddColumn("p50 < 50, p99 < 250")
            .Caption("From the commit visible (polled every ~1–2 ms, midpoint between polls) to the consumer. Stages: medians of each of " +
                     "commit → the daemon's high-water mark → the message in the log → the consumer, so they need not add up. A p50 growing " +
                     "quarter by quarter of the run is a backlog. Import: median time of one. Baseline, same run, same pace and batches: plain rows + " +
                     "pg_notify in one transaction, then postgresql: read by a LISTENing reader; rabbitmq: published persistent with confirms " +
                     "straight to an exchange, received by a plain consumer.");
        foreach (var transport in settings.Transports.Select(t => Enum.Parse<MessageTransport>(t, ignoreCase: true)))
        {
            var relay = await RelayAsync(connectionString, silent, settings, transport);
            var baseline = await BaselineAsync(connectionString, settings, transport, relay.Commits);
            var (p50, p99) = (Percentile(relay.Latencies, 50), Percentile(relay.Latencies, 99));
            var (b50, b99) = (Percentile(baseline, 50), Percentile(baseline, 99));
            Console.Error.WriteLine($"{transport}: relay p50 {p50:0.0} p99 {p99:0.0} ms; baseline p50 {b50:0.0} p99 {b99:0.0} ms");
            table.AddRow(transport.ToString().ToLowerInvariant(), $"{p50:0.0}", $"{p99:0.0}",
                $"{Percentile(relay.ToMark, 50):0.0} + {Percentile(relay.MarkToLog, 50):0.0} + {Percentile(relay.FromLog, 50):0.0}",
                $"{relay.MarkStep:0}", relay.Trend,
                $"{b50:0.0}", $"{b99:0.0}", $"{p50 - b50:0} / {p99 - b99:0}", $"{Ratio(p50, b50)} / {Ratio(p99, b99)}",
                $"{Percentile(relay.ImportTimes, 50):0}", p50 < 50 && p99 < 250 ? "met" : "[red]not met[/]");
        }
        AnsiConsole.Write(table);
    }

    /// <summary>A baseline under a millisecond is within the poll's resolution: a ratio to it says nothing.</summary>
    static string Ratio(double relay, double baseline) => baseline >= 1 ? $"{relay / baseline:0}×" : "—";

    /// <summary>
    /// Latencies, and their three stages: commit → the daemon's high-water mark → the message in the log → the consumer;
    /// how often the mark moved; p50 per quarter of the run.
    /// </summary>
    sealed record RelayRun(List<double> Latencies, List<double> ToMark, List<double> MarkToLog, List<double> FromLog,
        List<double> Commits, List<double> ImportTimes, double MarkStep, string Trend);

    /// <summary>
    /// The real path. postgresql: a host running the relay and a <see cref="LogConsumer"/>. rabbitmq: a host running the
    /// relay and the exchange feeder (no consumer of ours), and a plain RabbitMQ.Client consumer on its own durable queue.
    /// </summary>
    static async Task<RelayRun> RelayAsync(string connectionString, Output silent, Settings settings, MessageTransport transport)
    {
        var schema = NewSchema();
        var arrivals = new Arrivals();
        // A benchmark-unique exchange: other ledgers (tests, other runs) feed theirs on the same broker.
        var exchange = $"bench.{schema}";
        await using var plain = transport == MessageTransport.RabbitMq ? await PlainConsumer.StartAsync(settings.RabbitMq, exchange, arrivals) : null;
        var messaging = transport == MessageTransport.Postgresql
            ? new MessagingSettings("bench")
            : new MessagingSettings(null, MessageTransport.RabbitMq, settings.RabbitMq) { Exchange = exchange };
        using var host = LedgerHost.Build(connectionString, schema, messaging: messaging, configure: s =>
        {
            s.AddSingleton<ILedgerConsumer>(arrivals);
            if (settings.DaemonPolling > 0)
                s.ConfigureMarten(o => o.Projections.SlowPollingTime = o.Projections.FastPollingTime = TimeSpan.FromMilliseconds(settings.DaemonPolling));
        });
        await host.StartAsync();
        await using var ledger = new LedgerConnection(connectionString, schema);

        // Not measured: the daemon's election, the tables, the first import's compilation and the consumer's first read.
        await ImportAsync(ledger, silent, "warm-up", ["warm-up"]);
        await arrivals.WaitForAsync(1);
        arrivals.Reset();

        // The commit; and, to split the delay, the message in the log and the daemon's high-water mark (the daemon's
        // subscriptions read up to it, and it keeps it in its progression table as it moves).
        var visibility = new Visibility(connectionString, $"""
            select coalesce((select max(seq_id) from {schema}.mt_events), 0),
                   coalesce((select max(number) from {MessageLog.Messages(schema)}), 0),
                   coalesce((select last_seq_id from {schema}.mt_event_progression where name = 'HighWaterMark'), 0),
                   coalesce((select max(number) from {MessageLog.Cursors(schema)}), 0)
            """);
        using var stop = new CancellationTokenSource();
        var polling = visibility.RunAsync(stop.Token);
        var commits = new List<double>();
        var importTimes = new List<double>();
        for (var n = 0; n < settings.Messages; n += settings.PerImport)
        {
            var started = Now;
            await ImportAsync(ledger, silent, $"org-{n}", Enumerable.Range(n, Math.Min(settings.PerImport, settings.Messages - n)).Select(i => $"c{i}").ToList());
            commits.Add(Now);
            importTimes.Add(Now - started);
        }
        await arrivals.WaitForAsync(settings.Messages);
        await stop.CancelAsync();
        await polling;
        await host.StopAsync();
        arrivals.ReportOrder($"{transport} relay");
        await DropAsync(connectionString, schema);
        // The reader's cursor (the consumer's, or the feeder's): saved once a batch was handled, or published and confirmed.
        var cursor = arrivals.Stage(visibility, 1, 3);
        Console.Error.WriteLine($"{transport} relay: polled every {visibility.Interval:0.00} ms; in log → reader's cursor saved p50 {Percentile(cursor, 50):0.0} " +
                                $"p99 {Percentile(cursor, 99):0.0} ms; median step: commits {visibility.MedianStep(0):0} ms, log {visibility.MedianStep(1):0} ms");
        return new RelayRun(arrivals.Latencies(visibility), arrivals.ToMark(visibility), arrivals.MarkToLog(visibility), arrivals.FromLog(visibility),
            commits, importTimes, visibility.MedianStep(2), arrivals.Trend(visibility));
    }

    /// <summary>
    /// The transport with nothing of the ledger's: a writer commits each batch as plain rows with pg_notify in one
    /// transaction, when the relay run's import of the same index committed (same pace). postgresql: a reader LISTENs and
    /// reads the rows after its cursor, as the <see cref="LogConsumer"/> does. rabbitmq: right after its commit the writer
    /// publishes the batch straight to the exchange — persistent, each publish confirmed before the next, as the feeder
    /// does — and a plain consumer receives it. Latency is measured exactly as for the relay, from the rows visible to the
    /// poller, so the difference is what the relay (daemon, evaluation, log, feeder) adds.
    /// </summary>
    static async Task<List<double>> BaselineAsync(string connectionString, Settings settings, MessageTransport transport, IReadOnlyList<double> commits)
    {
        var schema = NewSchema();
        var rows = $"{schema}.baseline_messages";
        var channel = $"{schema}.baseline_messages";
        await ExecuteAsync(connectionString, $"create schema {schema}; create table {rows} (number bigint primary key, type varchar not null, body varchar not null)");
        var arrivals = new Arrivals();
        using var stop = new CancellationTokenSource();
        var exchange = $"bench.{schema}";
        await using var plain = transport == MessageTransport.RabbitMq ? await PlainConsumer.StartAsync(settings.RabbitMq, exchange, arrivals) : null;
        await using var publisher = transport == MessageTransport.RabbitMq ? await Publisher.StartAsync(settings.RabbitMq, exchange) : null;
        var listening = transport == MessageTransport.Postgresql ? ListenAsync(connectionString, rows, channel, arrivals, stop.Token) : Task.CompletedTask;

        await using var writer = new NpgsqlConnection(connectionString);
        await writer.OpenAsync();
        long number = 0;
        async Task WriteAsync(int count)
        {
            var batch = Enumerable.Range(0, count).Select(_ => Baseline(++number)).ToList();
            await using (var transaction = await writer.BeginTransactionAsync())
            {
                await using var insert = new NpgsqlCommand(
                    $"insert into {rows} (number, type, body) select * from unnest(@numbers, @types, @bodies); select pg_notify(@channel, '')", writer, transaction);
                insert.Parameters.AddWithValue("numbers", batch.Select(m => m.Number).ToArray());
                insert.Parameters.AddWithValue("types", batch.Select(m => MessageJson.TypeName(m.GetType())).ToArray());
                insert.Parameters.AddWithValue("bodies", batch.Select(m => MessageJson.Serialize(m)).ToArray());
                insert.Parameters.AddWithValue("channel", channel);
                await insert.ExecuteNonQueryAsync();
                await transaction.CommitAsync();
            }
            if (publisher is not null) foreach (var message in batch) await publisher.PublishAsync(message);
        }

        // Not measured: the first connection, publish and delivery.
        await WriteAsync(1);
        await arrivals.WaitForAsync(1);
        arrivals.Reset();

        var visibility = new Visibility(connectionString, $"select coalesce(max(number), 0) from {rows}");
        var polling = visibility.RunAsync(stop.Token);
        var start = Now;
        for (var (i, n) = (0, 0); n < settings.Messages; i++, n += settings.PerImport)
        {
            // The relay run's pace: batch i commits as long after the first as import i did.
            var wait = start + (commits[i] - commits[0]) - Now;
            if (wait > 0) await Task.Delay(TimeSpan.FromMilliseconds(wait));
            await WriteAsync(Math.Min(settings.PerImport, settings.Messages - n));
        }
        await arrivals.WaitForAsync(settings.Messages);
        await stop.CancelAsync();
        await Task.WhenAll(polling, listening);
        arrivals.ReportOrder($"{transport} baseline");
        Console.Error.WriteLine($"{transport} baseline: polled every {visibility.Interval:0.00} ms; p50 by quarter of the run {arrivals.Trend(visibility)} ms");
        await DropAsync(connectionString, schema);
        return arrivals.Latencies(visibility);
    }

    /// <summary>A message like the relay's pledges, its position's sequence set to its row number (what the poller sees).</summary>
    internal static PledgeMade Baseline(long number) => new()
    {
        Key = $"pledge-made/b{number}", Org = "baseline", Commitment = $"b{number}", Topic = "latency", Kind = "pledge", On = new DateOnly(2020, 1, 1),
        Source = "https://example.org", Position = new LedgerPosition($"commitment:b{number}", 1, number), Statement = "s",
        Term = new MessageTerm(new DateOnly(2020, 1, 1), null, null, null), Number = number,
    };

    /// <summary>The baseline's PostgreSQL reader: read what is after the cursor; when there is nothing, wait for a notification.</summary>
    static async Task ListenAsync(string connectionString, string rows, string channel, Arrivals arrivals, CancellationToken stop)
    {
        await using var listener = new NpgsqlConnection(connectionString);
        await listener.OpenAsync(stop);
        await new NpgsqlCommand($"listen \"{channel}\"", listener).ExecuteNonQueryAsync(stop);
        await using var reader = new NpgsqlConnection(connectionString);
        await reader.OpenAsync(stop);
        long cursor = 0;
        try
        {
            while (true)
            {
                var read = 0;
                await using (var command = new NpgsqlCommand($"select number, type, body from {rows} where number > @after order by number limit 500", reader))
                {
                    command.Parameters.AddWithValue("after", cursor);
                    await using var result = await command.ExecuteReaderAsync(stop);
                    while (await result.ReadAsync(stop))
                    {
                        cursor = result.GetInt64(0);
                        var message = MessageJson.Deserialize(result.GetString(1), result.GetString(2)) with { Number = cursor };
                        arrivals.Arrived(message.Key, message.Position.Sequence, message.Number, Now);
                        read++;
                    }
                }
                if (read == 0) await listener.WaitAsync(TimeSpan.FromSeconds(1), stop);
            }
        }
        catch (OperationCanceledException)
        {
            // The run is over.
        }
    }

    /// <summary>
    /// One import: a new organization and its pledges, each pledge a message. An organization per file, so each import
    /// and relay batch has the same work to do through the run: with one organization for all, each import and each batch
    /// folds an ever longer history (imports went from 108 to 277 ms over 200 files).
    /// </summary>
    static async Task ImportAsync(LedgerConnection ledger, Output silent, string org, IReadOnlyList<string> commitments)
    {
        var lines = new List<string> { JsonSerializer.Serialize(new { type = "organization.registered", org, name = org }) };
        lines.AddRange(commitments.Select(commitment => JsonSerializer.Serialize(new
        {
            type = "commitment.made", commitment, org, kind = "pledge", topic = "latency", statement = "s", on = "2020-01-01",
            source = new { url = "https://example.org" },
        })));
        var file = Path.Combine(Path.GetTempPath(), $"ethicsledger-latency-{Guid.NewGuid():N}.jsonl");
        await File.WriteAllLinesAsync(file, lines);
        try
        {
            if (await Cli.RunAsync(["import", file], silent, ledger) != 0) throw new InvalidOperationException("an import failed");
        }
        finally
        {
            File.Delete(file);
        }
    }

    public static string NewSchema() => $"bench_{Guid.NewGuid():N}"[..20];

    public static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await new NpgsqlCommand(sql, connection).ExecuteNonQueryAsync();
    }

    public static Task DropAsync(string connectionString, string schema) => ExecuteAsync(connectionString, $"drop schema if exists {schema} cascade");

    /// <summary>Nearest rank.</summary>
    public static double Percentile(IReadOnlyCollection<double> values, int p) => values.Count == 0 ? double.NaN :
        values.Order().ElementAt(Math.Clamp((int)Math.Ceiling(values.Count * p / 100.0) - 1, 0, values.Count - 1));

    /// <summary>
    /// Asks the database every ~1 ms for the highest numbers visible (an event's sequence, a log or row number: one per
    /// column of <paramref name="sql"/>), as an external reader polling would. A number became visible between the
    /// start of the poll before (which did not see it) and the start of the poll that did; the midpoint is taken, so
    /// readings are good to about half a poll interval either way.
    /// </summary>
    internal sealed class Visibility(string connectionString, string sql)
    {
        readonly List<List<(long Highest, double Visible)>> seen = [];
        int polls;
        double first, last;

        /// <summary>The mean time from one poll to the next, ms.</summary>
        public double Interval => polls > 1 ? (last - first) / (polls - 1) : double.NaN;

        /// <summary>On a thread of its own, with blocking calls: on two busy cores, a thread-pool loop polled every 5–8 ms.</summary>
        public Task RunAsync(CancellationToken stop) => Task.Factory.StartNew(() =>
        {
            using var connection = new NpgsqlConnection(connectionString);
            connection.Open();
            using var command = new NpgsqlCommand(sql, connection);
            command.Prepare();
            var before = Now;
            while (!stop.IsCancellationRequested)
            {
                var asked = Now;
                using (var reader = command.ExecuteReader())
                {
                    reader.Read();
                    lock (seen)
                    {
                        for (var column = 0; column < reader.FieldCount; column++)
                        {
                            if (seen.Count == column) seen.Add([]);
                            var highest = reader.GetInt64(column);
                            if (seen[column].Count == 0 || highest > seen[column][^1].Highest) seen[column].Add((highest, (before + asked) / 2));
                        }
                        if (polls++ == 0) first = asked;
                        last = asked;
                    }
                }
                before = asked;
                Thread.Sleep(1);
            }
        }, TaskCreationOptions.LongRunning);

        /// <summary>The median time between two moves of a column, ms: how often the thing behind it advances.</summary>
        public double MedianStep(int column)
        {
            lock (seen) return Percentile(seen[column].Zip(seen[column].Skip(1), (a, b) => b.Visible - a.Visible).ToList(), 50);
        }

        public double VisibleAt(long number, int column = 0)
        {
            lock (seen) return seen[column].FirstOrDefault(s => s.Highest >= number, (0, double.NaN)).Visible;
        }
    }

    /// <summary>
    /// What reached the consumer, and when: once per key (a redelivery is not a second arrival). Also whether numbers
    /// came in order without gaps, as the log promises.
    /// </summary>
    internal sealed class Arrivals : ILedgerConsumer
    {
        readonly ConcurrentDictionary<string, (long VisibleBy, long Number, double At)> at = new();
        long last = -1;
        int outOfOrder, repeated;

        public Task HandleAsync(LedgerMessage message, CancellationToken cancellation)
        {
            Arrived(message.Key, message.Position.Sequence, message.Number, Now);
            return Task.CompletedTask;
        }

        /// <param name="visibleBy">The number the poller sees once the message's commit is visible.</param>
        public void Arrived(string key, long visibleBy, long number, double now)
        {
            if (!at.TryAdd(key, (visibleBy, number, now))) Interlocked.Increment(ref repeated);
            var previous = Interlocked.Exchange(ref last, number);
            if (previous >= 0 && number != previous + 1) Interlocked.Increment(ref outOfOrder);
        }

        public void Reset() => at.Clear();

        public async Task WaitForAsync(int count)
        {
            var until = Now + TimeSpan.FromMinutes(10).TotalMilliseconds;
            while (at.Count < count && Now < until) await Task.Delay(20);
            if (at.Count < count) throw new TimeoutException($"only {at.Count} of {count} messages arrived");
        }

        /// <summary>From the commit visible (column 0 of the poll, by the number that shows it) to arrival.</summary>
        public List<double> Latencies(Visibility visibility) => at.Values.Select(a => a.At - visibility.VisibleAt(a.VisibleBy)).ToList();

        /// <summary>The daemon's polling: from the commit visible to the high-water mark passing it (column 2).</summary>
        public List<double> ToMark(Visibility visibility) =>
            at.Values.Select(a => visibility.VisibleAt(a.VisibleBy, 2) - visibility.VisibleAt(a.VisibleBy)).ToList();

        /// <summary>The relay's work: from the high-water mark passing the event to the message visible in the log (column 1, by its number).</summary>
        public List<double> MarkToLog(Visibility visibility) =>
            at.Values.Select(a => visibility.VisibleAt(a.Number, 1) - visibility.VisibleAt(a.VisibleBy, 2)).ToList();

        /// <summary>The transport's share: from the message visible in the log to arrival.</summary>
        public List<double> FromLog(Visibility visibility) => at.Values.Select(a => a.At - visibility.VisibleAt(a.Number, 1)).ToList();

        /// <summary>From one column passing the message's number to another passing it.</summary>
        public List<double> Stage(Visibility visibility, int from, int to) =>
            at.Values.Select(a => visibility.VisibleAt(a.Number, to) - visibility.VisibleAt(a.Number, from)).ToList();

        /// <summary>
        /// p50 latency per quarter of the messages, in number order: one that grows through the run is a backlog — the
        /// transport delivers fewer messages a second than the imports produce — rather than a fixed delay.
        /// </summary>
        public string Trend(Visibility visibility)
        {
            var ordered = at.Values.OrderBy(a => a.Number).Select(a => a.At - visibility.VisibleAt(a.VisibleBy)).ToList();
            var quarter = Math.Max(1, ordered.Count / 4);
            return string.Join(" → ", ordered.Chunk(quarter).Take(4).Select(q => $"{Percentile(q, 50):0}"));
        }

        public void ReportOrder(string what)
        {
            if (outOfOrder > 0 || repeated > 0)
                Console.Error.WriteLine($"{what}: {outOfOrder} arrivals not numbered one after the previous, {repeated} repeated keys");
        }
    }

    /// <summary>A consumer that knows only docs/messaging.md: its own durable queue bound with '#', JSON bodies, manual acks.</summary>
    internal sealed class PlainConsumer(IConnection connection, IChannel channel, string exchange, string queue) : IAsyncDisposable
    {
        public static async Task<PlainConsumer> StartAsync(string uri, string exchange, Arrivals arrivals)
        {
            var connection = await new ConnectionFactory { Uri = new Uri(uri), ClientProvidedName = "benchmark consumer" }.CreateConnectionAsync();
            var channel = await connection.CreateChannelAsync();
            // Declared as the relay declares it, before the relay starts, so nothing it publishes finds the queue unbound.
            await channel.ExchangeDeclareAsync(exchange, ExchangeType.Topic, durable: true, autoDelete: false);
            var queue = $"{exchange}.plain";
            await channel.QueueDeclareAsync(queue, durable: true, exclusive: false, autoDelete: false);
            await channel.QueueBindAsync(queue, exchange, "#");
            await channel.BasicQosAsync(0, 200, false);
            var consumer = new AsyncEventingBasicConsumer(channel);
            consumer.ReceivedAsync += async (_, delivery) =>
            {
                var now = Now;
                using var json = JsonDocument.Parse(Encoding.UTF8.GetString(delivery.Body.Span));
                var body = json.RootElement;
                arrivals.Arrived(body.GetProperty("key").GetString()!, body.GetProperty("position").GetProperty("sequence").GetInt64(),
                    body.GetProperty("number").GetInt64(), now);
                await channel.BasicAckAsync(delivery.DeliveryTag, multiple: false);
            };
            await channel.BasicConsumeAsync(queue, autoAck: false, consumer);
            return new PlainConsumer(connection, channel, exchange, queue);
        }

        public async ValueTask DisposeAsync()
        {
            await channel.QueueDeleteAsync(queue);
            await channel.ExchangeDeleteAsync(exchange);
            await channel.CloseAsync();
            await connection.CloseAsync();
            channel.Dispose();
            connection.Dispose();
        }
    }

    /// <summary>The baseline's publisher: what the exchange feeder does with a message, with nothing before it.</summary>
    sealed class Publisher(IConnection connection, IChannel channel, string exchange) : IAsyncDisposable
    {
        public static async Task<Publisher> StartAsync(string uri, string exchange)
        {
            var connection = await new ConnectionFactory { Uri = new Uri(uri), ClientProvidedName = "benchmark publisher" }.CreateConnectionAsync();
            // As the feeder: each publish returns once the broker confirmed it.
            var channel = await connection.CreateChannelAsync(new CreateChannelOptions(
                publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true));
            return new Publisher(connection, channel, exchange);
        }

        public async Task PublishAsync(LedgerMessage message)
        {
            var type = MessageJson.TypeName(message.GetType());
            var properties = new BasicProperties
            {
                Persistent = true, ContentType = "application/json", Type = type, MessageId = message.Number.ToString(), AppId = "benchmark",
            };
            await channel.BasicPublishAsync(exchange, type, mandatory: false, properties, Encoding.UTF8.GetBytes(MessageJson.Serialize(message)));
        }

        public async ValueTask DisposeAsync()
        {
            await channel.CloseAsync();
            await connection.CloseAsync();
            channel.Dispose();
            connection.Dispose();
        }
    }
}
