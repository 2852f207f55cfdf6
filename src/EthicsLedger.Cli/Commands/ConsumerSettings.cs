using System.ComponentModel;
using EthicsLedger.Hosting.Messaging;
using Spectre.Console;
using Spectre.Console.Cli;

namespace EthicsLedger.Cli.Commands;

/// <summary>What every messaging command shares: the transport, the broker and the exchange.</summary>
public abstract class TransportSettings : CommandSettings
{
    [CommandOption("--transport <TRANSPORT>")]
    [Description("postgresql (default: read the message log in the ledger's database) or rabbitmq (through the topic exchange; ETHICSLEDGER_RABBITMQ or --rabbitmq).")]
    public string Transport { get; init; } = "postgresql";

    [CommandOption("--rabbitmq <URI>")]
    [Description("RabbitMQ connection URI. Default: ETHICSLEDGER_RABBITMQ, else amqp://guest:guest@localhost:5672.")]
    public string? RabbitMq { get; init; }

    [CommandOption("--exchange <NAME>")]
    [Description("The RabbitMQ topic exchange. Default: ethicsledger. Give each ledger on one broker its own.")]
    public string Exchange { get; init; } = MessagingSettings.DefaultExchange;

    static readonly Dictionary<string, MessageTransport> Transports = new()
    {
        ["postgresql"] = MessageTransport.Postgresql,
        ["rabbitmq"] = MessageTransport.RabbitMq,
    };

    /// <summary>A relay alone: no consumer.</summary>
    public MessagingSettings Relay() => Messaging(null);

    protected MessagingSettings Messaging(string? consumer) => new(consumer, Transports[Transport], RabbitMq) { Exchange = Exchange };

    public override ValidationResult Validate()
    {
        if (!Transports.ContainsKey(Transport))
            return ValidationResult.Error($"--transport must be postgresql or rabbitmq, not '{Transport}'.");
        if (RabbitMq is not null && BrokerCheck.UriProblem(RabbitMq) is { } uriProblem) return ValidationResult.Error($"--rabbitmq: {uriProblem}");
        if (!System.Text.RegularExpressions.Regex.IsMatch(Exchange, "^[A-Za-z0-9._-]{1,100}$"))
            return ValidationResult.Error($"--exchange: '{Exchange}' is not an exchange name: use 1 to 100 letters, digits, '.', '_' or '-'.");
        return ValidationResult.Success();
    }
}

/// <summary>What every consuming command shares: its name, where it starts and an optional organization.</summary>
public abstract class ConsumerSettings : TransportSettings
{
    [CommandOption("--org <ORG>")]
    [Description("Only this organization's messages.")]
    public string? Org { get; init; }

    [CommandOption("--consumer <NAME>")]
    [Description("This consumer's name: its cursor, its queue and its dead letters. A restarted consumer with the same name goes on where it stopped.")]
    public string? Consumer { get; init; }

    [CommandOption("--from <NUMBER>")]
    [Description("Start at this message number (see each message's \"number\") instead of where the consumer stopped: everything from there is handed over again.")]
    public long? From { get; init; }

    [CommandOption("--until-caught-up")]
    [Description("Stop once every message told so far was handled, instead of waiting for more.")]
    public bool UntilCaughtUp { get; init; }

    [CommandOption("--no-relay")]
    [Description("Do not offer to run the relay in this process (run 'ethicsledger relay' somewhere instead).")]
    public bool NoRelay { get; init; }

    protected abstract string DefaultConsumer { get; }

    public MessagingSettings Messaging() => Messaging(Consumer ?? DefaultConsumer) with
    {
        From = From, UntilCaughtUp = UntilCaughtUp, HostsRelay = !NoRelay && !UntilCaughtUp,
    };

    public override ValidationResult Validate()
    {
        if (MessagingSettings.Problem(Consumer ?? DefaultConsumer) is { } problem) return ValidationResult.Error(problem);
        if (From is < 1) return ValidationResult.Error($"--from must be a message number, 1 or more, not {From}.");
        return base.Validate();
    }
}
