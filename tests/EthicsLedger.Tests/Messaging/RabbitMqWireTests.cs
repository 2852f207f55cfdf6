using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using EthicsLedger.Contracts;
using EthicsLedger.Hosting;
using EthicsLedger.Hosting.Messaging;
using EthicsLedger.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;
using static EthicsLedger.Tests.Support.Json;

namespace EthicsLedger.Tests.Messaging;

/// <summary>
/// A consumer that knows nothing of .NET or Wolverine, only docs/messaging.md: it binds its own
/// queue to the exchange by routing key and reads the JSON body and headers.
/// </summary>
public class RabbitMqWireTests(LedgerFixture fixture) : IClassFixture<LedgerFixture>
{
    // This ledger's own exchange: other test ledgers feed theirs on the same broker.
    readonly string exchange = $"test.{fixture.Schema}";

    [Fact]
    public async Task a_plain_amqp_consumer_binds_by_message_name_and_reads_the_documented_json_and_headers()
    {
        await RabbitMqBroker.EnsureAsync();
        // The relay declares the exchange when it starts.
        var recorder = new RecordingConsumer();
        using var relay = LedgerHost.Build(fixture.ConnectionString, fixture.Schema,
            configure: s => s.AddSingleton<ILedgerConsumer>(recorder), messaging: new MessagingSettings("wire", MessageTransport.RabbitMq) { Exchange = exchange });
        await relay.StartAsync();

        var factory = new ConnectionFactory { Uri = new Uri(MessagingSettings.DefaultRabbitMq) };
        await using var connection = await factory.CreateConnectionAsync();
        await using var channel = await connection.CreateChannelAsync();
        var queue = await channel.QueueDeclareAsync("", durable: false, exclusive: true, autoDelete: true);
        await channel.QueueBindAsync(queue.QueueName, exchange, MessageNames.PledgeMade);
        var received = new ConcurrentQueue<BasicDeliverEventArgs>();
        var bodies = new ConcurrentQueue<string>();
        var consumer = new AsyncEventingBasicConsumer(channel);
        consumer.ReceivedAsync += (_, delivery) =>
        {
            received.Enqueue(delivery);
            bodies.Enqueue(Encoding.UTF8.GetString(delivery.Body.Span));
            return Task.CompletedTask;
        };
        await channel.BasicConsumeAsync(queue.QueueName, autoAck: true, consumer);

        (await fixture.ImportAsync(Org("wire"), Made("wire-c", "wire", "2020-01-01"), Violation("wire-c", "v", "2020-02-01"))).Exit.ShouldBe(0);
        await recorder.WaitForAsync("wire", m => m.Count >= 2);
        for (var i = 0; i < 100 && bodies.All(b => !b.Contains("wire-c")); i++) await Task.Delay(100);
        await Task.Delay(1000);

        // Bound to pledges only: the flag went to the exchange under another routing key.
        var mine = received.Zip(bodies).Where(x => x.Second.Contains("\"commitment\":\"wire-c\"")).ToList();
        var (delivery, body) = mine.ShouldHaveSingleItem();
        delivery.RoutingKey.ShouldBe(MessageNames.PledgeMade);
        delivery.BasicProperties.ContentType.ShouldBe("application/json");
        // The AMQP "type" property names the message; "message-id" is its number; it survives a broker restart.
        delivery.BasicProperties.Type.ShouldBe(MessageNames.PledgeMade);
        delivery.BasicProperties.DeliveryMode.ShouldBe(DeliveryModes.Persistent);
        var json = JsonDocument.Parse(body).RootElement;
        var number = json.GetProperty("number").GetInt64();
        delivery.BasicProperties.MessageId.ShouldBe(number.ToString());
        number.ShouldBe(recorder.For("wire").Single(m => m is PledgeMade).Number);
        json.GetProperty("key").GetString().ShouldBe("pledge-made/wire-c");
        json.GetProperty("org").GetString().ShouldBe("wire");
        json.GetProperty("on").GetString().ShouldBe("2020-01-01");
        json.GetProperty("position").GetProperty("stream").GetString().ShouldBe("commitment:wire-c");
        await relay.StopAsync();
    }

    [Fact]
    public async Task two_rabbitmq_consumers_each_get_every_message_once_while_one_relay_publishes()
    {
        await RabbitMqBroker.EnsureAsync();
        var first = new RecordingConsumer();
        var second = new RecordingConsumer();
        using var a = LedgerHost.Build(fixture.ConnectionString, fixture.Schema,
            configure: s => s.AddSingleton<ILedgerConsumer>(first), messaging: new MessagingSettings($"fan_a_{Guid.NewGuid():N}"[..16], MessageTransport.RabbitMq) { Exchange = exchange });
        using var b = LedgerHost.Build(fixture.ConnectionString, fixture.Schema,
            configure: s => s.AddSingleton<ILedgerConsumer>(second), messaging: new MessagingSettings($"fan_b_{Guid.NewGuid():N}"[..16], MessageTransport.RabbitMq) { Exchange = exchange });
        await a.StartAsync();
        await b.StartAsync();

        (await fixture.ImportAsync(Org("fan"), Made("fan-c", "fan", "2020-01-01"), Withdrawn("fan-c", "2020-02-01"))).Exit.ShouldBe(0);
        string[] expected = ["pledge-made/fan-c", "commitment-ended/fan-c", "flag-raised/fan-c/withdrawn-early"];
        (await first.WaitForAsync("fan", m => m.Count >= 3)).Select(m => m.Key).ShouldBe(expected);
        (await second.WaitForAsync("fan", m => m.Count >= 3)).Select(m => m.Key).ShouldBe(expected);
        await Task.Delay(2000);
        first.For("fan").Count.ShouldBe(3);
        second.For("fan").Count.ShouldBe(3);
        await a.StopAsync();
        await b.StopAsync();
    }
}
