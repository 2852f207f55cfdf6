using System.ComponentModel;
using EthicsLedger.Hosting.Messaging;
using Spectre.Console;
using Spectre.Console.Cli;

namespace EthicsLedger.Cli.Commands;

/// <summary>What every consuming command shares: its name, its transport and an optional organization.</summary>
public abstract class ConsumerSettings : CommandSettings
{
    [CommandOption("--org <ORG>")]
    [Description("Only this organization's messages.")]
    public string? Org { get; init; }

    [CommandOption("--transport <TRANSPORT>")]
    [Description("local (default: a durable queue in this process), postgresql (a queue table in the ledger's database) or rabbitmq (the 'ethicsledger' topic exchange; ETHICSLEDGER_RABBITMQ or --rabbitmq).")]
    public string Transport { get; init; } = "local";

    [CommandOption("--rabbitmq <URI>")]
    [Description("RabbitMQ connection URI. Default: ETHICSLEDGER_RABBITMQ, else amqp://guest:guest@localhost:5672.")]
    public string? RabbitMq { get; init; }

    [CommandOption("--consumer <NAME>")]
    [Description("This consumer's name: its queue, its progress and its dead letters. A restarted consumer with the same name goes on where it stopped.")]
    public string? Consumer { get; init; }

    protected abstract string DefaultConsumer { get; }

    static readonly Dictionary<string, MessageTransport> Transports = new()
    {
        ["local"] = MessageTransport.Local,
        ["postgresql"] = MessageTransport.Postgresql,
        ["rabbitmq"] = MessageTransport.RabbitMq,
    };

    public MessagingSettings Messaging() => new(Consumer ?? DefaultConsumer, Transports[Transport], RabbitMq);

    public override ValidationResult Validate()
    {
        if (!Transports.ContainsKey(Transport))
            return ValidationResult.Error($"--transport must be local, postgresql or rabbitmq, not '{Transport}'.");
        if (MessagingSettings.Problem(Consumer ?? DefaultConsumer) is { } problem) return ValidationResult.Error(problem);
        if (RabbitMq is not null && BrokerCheck.UriProblem(RabbitMq) is { } uriProblem) return ValidationResult.Error($"--rabbitmq: {uriProblem}");
        return ValidationResult.Success();
    }
}
