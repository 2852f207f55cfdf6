namespace EthicsLedger.Rules;

/// <summary>A flag as a rule raises it: which kind, on what day, and the state it starts in.</summary>
public sealed record Flag(string Id, string Kind, DateOnly RaisedOn, string InitialState);

/// <summary>A flag as of a date: its state is the latest finding on or before that date, else its initial state.</summary>
public sealed record FlagView(string Flag, string Kind, string State, DateOnly RaisedOn);
