namespace EthicsLedger.Tests.Support;

/// <summary>
/// Tests that stop the broker or restart PostgreSQL (FaultTests) would break every test running
/// beside them, so they run after every parallel test, one at a time; the other tests that kill
/// processes and wait for what they print (ProcessTests) run there too, on a quieter machine.
/// </summary>
[CollectionDefinition(nameof(RunsAlone), DisableParallelization = true)]
public sealed class RunsAlone;
