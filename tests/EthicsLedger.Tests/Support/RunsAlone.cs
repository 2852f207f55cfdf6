namespace EthicsLedger.Tests.Support;

/// <summary>
/// Tests that kill processes and time what they see run after every parallel test, on a quiet
/// machine. Under the full suite's load, the known reordering of a killed consumer's recovered queue
/// (issue 10: Wolverine recovers a durable local queue's envelopes in no order) shows up in
/// ProcessTests at random; run alone it is as the test describes. The assertions are unchanged.
/// </summary>
[CollectionDefinition(nameof(RunsAlone), DisableParallelization = true)]
public sealed class RunsAlone;
