namespace EthicsLedger.Cli.Infrastructure;

public static class ExitCodes
{
    public const int Ok = 0;
    /// <summary>Something else went wrong: the database, a concurrent writer, a bug.</summary>
    public const int Failure = 1;
    /// <summary>The user's input was refused; the ledger is unchanged.</summary>
    public const int BadInput = 2;
}

/// <summary>Input the command refuses, with the words to say why; exits with <see cref="ExitCodes.BadInput"/>.</summary>
public sealed class BadInputException(string message) : Exception(message);
