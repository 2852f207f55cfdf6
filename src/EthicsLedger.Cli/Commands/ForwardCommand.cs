using System.ComponentModel;
using EthicsLedger.Cli.Infrastructure;
using EthicsLedger.Hosting.Messaging;
using Spectre.Console;
using Spectre.Console.Cli;

namespace EthicsLedger.Cli.Commands;

public sealed class ForwardSettings : ConsumerSettings
{
    [CommandOption("--url <URL>")]
    [Description("Where to POST each message (http or https).")]
    public string Url { get; init; } = "";

    [CommandOption("--timeout <SECONDS>")]
    [Description("How long to wait for each answer before the delivery counts as failed. Default: 10.")]
    public int Timeout { get; init; } = 10;

    protected override string DefaultConsumer => "webhooks";

    public override ValidationResult Validate()
    {
        if (!Uri.TryCreate(Url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
            return ValidationResult.Error($"--url must be an absolute http or https URL, not '{Url}'.");
        if (Timeout <= 0) return ValidationResult.Error("--timeout must be a positive number of seconds.");
        return base.Validate();
    }
}

/// <summary>The webhook forwarder: a consumer that POSTs every message, until stopped (Ctrl+C).</summary>
public sealed class ForwardCommand(LedgerConnection ledger, Output output) : AsyncCommand<ForwardSettings>
{
    public override async Task<int> ExecuteAsync(CommandContext context, ForwardSettings settings, CancellationToken cancellation)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(settings.Timeout) };
        var forwarder = new WebhookForwarder(http, new Uri(settings.Url), settings.Org);
        return await ConsumerRun.UntilStoppedAsync(ledger, output, settings.Messaging(), forwarder, $"forwarding to {settings.Url}", cancellation);
    }
}
