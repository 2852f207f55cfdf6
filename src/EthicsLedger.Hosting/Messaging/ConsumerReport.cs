namespace EthicsLedger.Hosting.Messaging;

/// <summary>
/// What a consumer tells the person running it: where it starts, and each failed delivery as it
/// happens — so a dead webhook URL is seen at once, not after the last retry. Quiet by default.
/// </summary>
public sealed class ConsumerReport(Action<string> tell)
{
    public static ConsumerReport Quiet { get; } = new(_ => { });

    public void Tell(string line) => tell(line);
}
